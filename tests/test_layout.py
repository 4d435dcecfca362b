"""Where code lives: one app per job, imports that run one way, modules of a readable size,
and a README that says where everything is and every setting the code reads."""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent

# The project's apps from the foundations up, as INSTALLED_APPS lists them: each may import
# only the apps before it.
_PROJECT_APPS = [
    app.split(".")[0] for app in settings.INSTALLED_APPS if (ROOT / app.split(".")[0]).is_dir()
]
# Each where it is listed last: mieux comes first too, as the admin site it configures.
LAYERS = list(reversed(dict.fromkeys(reversed(_PROJECT_APPS))))
# Reusable apps that know nothing of the project.
STANDALONE = {"pagecache"}
MAX_MODULE_LINES = 450
MAX_CONFIGURATION_LINES = 700  # mieux/: settings, URLs, WSGI/ASGI, the admin site


def modules(app):
    return [
        path
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.relative_to(ROOT).parts
    ]


def project_imports(path: Path) -> set[str]:
    """The project's apps that the module at ``path`` imports."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names & set(LAYERS)


def test_every_app_is_in_a_layer():
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps == set(LAYERS)


@pytest.mark.parametrize("app", LAYERS)
def test_imports_run_one_way(app):
    allowed = set() if app in STANDALONE else set(LAYERS[: LAYERS.index(app) + 1])
    allowed.add(app)
    wrong = {
        str(path.relative_to(ROOT)): sorted(project_imports(path) - allowed)
        for path in modules(app)
        if project_imports(path) - allowed
    }
    assert wrong == {}


def test_no_module_is_too_long_to_read():
    sources = [path for app in LAYERS for path in modules(app)]
    sources += [*ROOT.glob("tests/*.py"), *ROOT.glob("bench/*.py")]
    long = {
        str(path.relative_to(ROOT)): lines
        for path in sources
        if (lines := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_the_configuration_package_only_configures():
    lines = sum(len(path.read_text().splitlines()) for path in modules("mieux"))
    assert lines < MAX_CONFIGURATION_LINES


def test_the_readme_maps_every_app():
    readme = (ROOT / "README.md").read_text()
    where = readme.split("## What is where", 1)[1].split("\n## ", 1)[0]
    missing = [app for app in LAYERS if f"`{app}/`" not in where]
    assert missing == []
    chain = " → ".join(f"`{app}`" for app in reversed(LAYERS))
    assert chain in " ".join(where.split())


def settings_read(path: Path) -> set[str]:
    """The environment variables the module at ``path`` reads."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if not (isinstance(node, ast.Call) and node.args):
            continue
        first = node.args[0]
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            continue
        called = ast.unparse(node.func)
        if re.fullmatch(r"env\.\w+|os\.environ\.get|os\.getenv|environ\.get", called):
            names.add(first.value)
    return names


def test_the_readme_explains_every_setting_the_code_reads():
    sources = [path for app in LAYERS for path in modules(app)] + [ROOT / "gunicorn.conf.py"]
    read = set().union(*(settings_read(path) for path in sources))
    assert {"DATABASE_URL", "CACHE_URL", "DJANGO_SECRET_KEY"} <= read  # the scan finds them
    table = (ROOT / "README.md").read_text().split("## Configuration", 1)[1].split("\n## ", 1)[0]
    assert sorted(name for name in read if f"`{name}`" not in table) == []
