"""manifest.json: what a backup holds, and the checksums that prove its files are unchanged.

The checksums catch a damaged or partly copied backup. They do not stop someone who can write
to the backup folder from changing a file and its checksum together: keep backups where only
the people who restore them can write.
"""

import hashlib
import json
import os
from pathlib import Path

from careprog.backups import BackupError

MANIFEST = "manifest.json"
MEDIA = "media"
FORMAT = 1
PARTS = ("careprog", "database", "migrations", "row_counts", "media")
# Enough names to act on; a backup damaged throughout does not need them all listed.
NAMES_SHOWN = 5


def sha256_of(path: Path) -> str:
    with path.open("rb") as opened:
        return hashlib.file_digest(opened, "sha256").hexdigest()


def files_under(folder: Path) -> list[str]:
    """Every regular file under ``folder``, as paths relative to it with forward slashes.

    Symbolic links are left out: a backup copies files, and a restore must never follow a link
    out of the backup folder.
    """
    found = []
    for directory, _, names in os.walk(folder):
        for name in names:
            path = Path(directory, name)
            if path.is_file() and not path.is_symlink():
                found.append(path.relative_to(folder).as_posix())
    return sorted(found)


def checksums_under(folder: Path) -> dict[str, str]:
    return {name: sha256_of(folder / name) for name in files_under(folder)}


def write(folder: Path, manifest: dict) -> None:
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")


def read(folder: Path) -> dict:
    path = folder / MANIFEST
    if not folder.is_dir():
        raise BackupError(f"{folder} is not a folder: give the backup's folder.")
    if not path.is_file():
        raise BackupError(
            f"{folder} has no {MANIFEST}, so it is not a complete backup made by manage.py backup."
        )
    try:
        manifest = json.loads(path.read_text())
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BackupError(f"{path} is damaged: it is not readable JSON ({error}).") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(
            f"{path} is not a manifest this version of careprog reads (format {FORMAT})."
        )
    missing = [part for part in PARTS if not isinstance(manifest.get(part), dict)] or [
        f"database.{key}" for key in ("vendor", "file", "sha256") if key not in manifest["database"]
    ]
    if missing:
        raise BackupError(f"{path} is damaged: parts of it are missing ({', '.join(missing)}).")
    return manifest


def expected_files(manifest: dict) -> dict[str, str]:
    """Every file the backup should hold besides the manifest, with its SHA-256."""
    database = manifest["database"]
    media = {f"{MEDIA}/{name}": checksum for name, checksum in manifest["media"].items()}
    return {database["file"]: database["sha256"], **media}


def check_files(folder: Path) -> dict:
    """Read the manifest and refuse the backup, naming the files, unless every file it lists is
    there with the same checksum and nothing else is."""
    manifest = read(folder)
    expected = expected_files(manifest)
    present = set(files_under(folder)) - {MANIFEST}
    missing = sorted(set(expected) - present)
    unexpected = sorted(present - set(expected))
    changed = sorted(
        name for name in set(expected) & present if sha256_of(folder / name) != expected[name]
    )
    problems = [
        *(f"{name} does not match its checksum in {MANIFEST}" for name in changed),
        *(f"{name} is listed in {MANIFEST} but missing" for name in missing),
        *(f"{name} is in the backup folder but not in {MANIFEST}" for name in unexpected),
    ]
    if problems:
        shown = "; ".join(problems[:NAMES_SHOWN])
        more = f" (and {len(problems) - NAMES_SHOWN} more)" if len(problems) > NAMES_SHOWN else ""
        raise BackupError(
            f"The backup in {folder} is damaged or has been changed: {shown}{more}. "
            "Nothing was restored: use another copy of this backup, or an earlier one."
        )
    return manifest
