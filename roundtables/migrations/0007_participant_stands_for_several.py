from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('roundtables', '0006_who_sees_email_addresses'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalparticipant',
            name='stands_for_several',
            field=models.BooleanField(default=False, help_text='One entry for a team or delegation whose members are not listed one by one, such as the MIEUX team: counted as “several”, not as one.', verbose_name='stands for several people'),
        ),
        migrations.AddField(
            model_name='participant',
            name='stands_for_several',
            field=models.BooleanField(default=False, help_text='One entry for a team or delegation whose members are not listed one by one, such as the MIEUX team: counted as “several”, not as one.', verbose_name='stands for several people'),
        ),
    ]
