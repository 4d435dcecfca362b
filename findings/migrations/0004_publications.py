import core.models
import django.db.models.deletion
import findings.models
import pagecache.content
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('findings', '0003_first_published'),
        ('roundtables', '0007_participant_stands_for_several'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalPublication',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(blank=True, editable=False, verbose_name='created')),
                ('is_published', models.BooleanField(default=False, help_text='Only published content appears on the public site.', verbose_name='published')),
                ('published_at', models.DateTimeField(blank=True, editable=False, help_text='When it first appeared on the public site.', null=True, verbose_name='first published')),
                ('title', models.CharField(max_length=255, verbose_name='title')),
                ('slug', models.SlugField(max_length=255, verbose_name='slug')),
                ('summary', models.TextField(blank=True, verbose_name='summary')),
                ('summary_en', models.TextField(blank=True, null=True, verbose_name='summary')),
                ('summary_fr', models.TextField(blank=True, null=True, verbose_name='summary')),
                ('summary_es', models.TextField(blank=True, null=True, verbose_name='summary')),
                ('issued', models.DateField(verbose_name='published on')),
                ('issued_precision', models.CharField(choices=[('day', 'Exact days'), ('month', 'Month only')], default='day', max_length=10, verbose_name='precision of the publication date')),
                ('launched', models.DateField(blank=True, help_text='The day of its launch event.', null=True, verbose_name='launched on')),
                ('launch', models.CharField(blank=True, help_text='E.g. “online launch”.', max_length=200, verbose_name='launch event')),
                ('launch_en', models.CharField(blank=True, help_text='E.g. “online launch”.', max_length=200, null=True, verbose_name='launch event')),
                ('launch_fr', models.CharField(blank=True, help_text='E.g. “online launch”.', max_length=200, null=True, verbose_name='launch event')),
                ('launch_es', models.CharField(blank=True, help_text='E.g. “online launch”.', max_length=200, null=True, verbose_name='launch event')),
                ('languages', models.CharField(blank=True, help_text='The languages it is published in, as codes separated by commas: en,fr,es.', max_length=50, validators=[findings.models.validate_language_codes], verbose_name='languages')),
                ('url', models.URLField(blank=True, verbose_name='where to read it')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical publication',
                'verbose_name_plural': 'historical publications',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Publication',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                ('is_published', models.BooleanField(default=False, help_text='Only published content appears on the public site.', verbose_name='published')),
                ('published_at', models.DateTimeField(blank=True, editable=False, help_text='When it first appeared on the public site.', null=True, verbose_name='first published')),
                ('title', models.CharField(max_length=255, verbose_name='title')),
                ('slug', models.SlugField(max_length=255, unique=True, verbose_name='slug')),
                ('summary', models.TextField(blank=True, verbose_name='summary')),
                ('summary_en', models.TextField(blank=True, null=True, verbose_name='summary')),
                ('summary_fr', models.TextField(blank=True, null=True, verbose_name='summary')),
                ('summary_es', models.TextField(blank=True, null=True, verbose_name='summary')),
                ('issued', models.DateField(verbose_name='published on')),
                ('issued_precision', models.CharField(choices=[('day', 'Exact days'), ('month', 'Month only')], default='day', max_length=10, verbose_name='precision of the publication date')),
                ('launched', models.DateField(blank=True, help_text='The day of its launch event.', null=True, verbose_name='launched on')),
                ('launch', models.CharField(blank=True, help_text='E.g. “online launch”.', max_length=200, verbose_name='launch event')),
                ('launch_en', models.CharField(blank=True, help_text='E.g. “online launch”.', max_length=200, null=True, verbose_name='launch event')),
                ('launch_fr', models.CharField(blank=True, help_text='E.g. “online launch”.', max_length=200, null=True, verbose_name='launch event')),
                ('launch_es', models.CharField(blank=True, help_text='E.g. “online launch”.', max_length=200, null=True, verbose_name='launch event')),
                ('languages', models.CharField(blank=True, help_text='The languages it is published in, as codes separated by commas: en,fr,es.', max_length=50, validators=[findings.models.validate_language_codes], verbose_name='languages')),
                ('url', models.URLField(blank=True, verbose_name='where to read it')),
                ('roundtables', models.ManyToManyField(blank=True, related_name='publications', to='roundtables.roundtable', verbose_name='round-tables it draws on')),
            ],
            options={
                'verbose_name': 'publication',
                'verbose_name_plural': 'publications',
                'ordering': ['-issued', 'title'],
            },
            bases=(pagecache.content.ShownOnPublicPages, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalPublication_roundtables',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('m2m_history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to='findings.historicalpublication')),
                ('roundtable', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='roundtables.roundtable')),
                ('publication', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='findings.publication')),
            ],
            options={
                'verbose_name': 'HistoricalPublication_roundtables',
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddConstraint(
            model_name='publication',
            constraint=core.models.ChoicesConstraint(field='issued_precision', name='publication_issued_precision_valid', values=['day', 'month'], violation_error_message='The value is not one of the allowed choices.'),
        ),
    ]
