"""What the code of this deployment is, so that no release serves another's pages."""

import hashlib
import sysconfig
from functools import cache as memoize
from pathlib import Path

from django.apps import apps
from django.conf import settings


@memoize
def release() -> str:
    """What the code and assets of this deployment are: RELEASE if set (e.g. the commit), else
    a fingerprint of the project's source, templates, translations and static manifest.

    Part of every page's key, so that a deployment never serves pages rendered by the last one
    (with its templates and its hashed static file names).
    """
    if release := getattr(settings, "RELEASE", ""):
        return release
    digest = hashlib.sha256()
    # The project's own apps, its templates and its translations.
    sources = [Path(config.path) for config in apps.get_app_configs() if _is_own(config.path)]
    sources += [Path(folder) for engine in settings.TEMPLATES for folder in engine.get("DIRS", [])]
    sources += [Path(folder) for folder in settings.LOCALE_PATHS]
    files = {
        p
        for folder in sources
        for p in folder.rglob("*")
        if p.suffix in {".py", ".html", ".txt", ".mo", ".yaml"}
    }
    for path in sorted(files):
        digest.update(path.read_bytes())
    manifest = Path(settings.STATIC_ROOT or ".") / "staticfiles.json"
    if settings.STATIC_ROOT and manifest.exists():
        digest.update(manifest.read_bytes())
    return digest.hexdigest()[:16]


def _is_own(path) -> bool:
    """Whether an app is the project's own: inside BASE_DIR, not an installed package."""
    path = Path(path)
    installed = {sysconfig.get_paths()[key] for key in ("purelib", "platlib")}
    if any(path.is_relative_to(folder) for folder in installed):
        return False
    base = getattr(settings, "BASE_DIR", None)
    return base is None or path.is_relative_to(base)
