"""How many lines a translator's tool, then `kyr update`, change in the shipped catalogs.

    .venv/bin/python tests/bench/churn.py [--root .]

Every catalog of every language is copied aside, settled with one `kyr update`,
then for each tool in turn:

- the tool rewrites every catalog the way a translator's save does (one msgstr
  edited: translate-toolkit, polib; Weblate: translate-toolkit with the headers
  Weblate's save sets; msgcat and msgmerge --previous, as Weblate's msgmerge
  add-on runs it, edit nothing);
- `kyr update` runs on the result.

It prints, per tool, the lines (added + removed, as `diff` counts them) that the
tool's save changed and the lines that the following `kyr update` changed. The
second column is the churn this project controls: it should be 0.
"""

from __future__ import annotations

import argparse
import difflib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from kyr import catalog as catalogs
from kyr.languages import load_languages

EDITED = "Edited by a translator."


def first_message(units, is_header, source) -> object | None:
    return next((u for u in units if not is_header(u) and source(u)), None)


def translate_toolkit(path: Path, template: Path, weblate: bool = False) -> None:
    from translate.storage.po import pofile

    store = pofile.parsefile(str(path))
    unit = first_message(store.units, lambda u: u.isheader() or u.isobsolete(), lambda u: u.source)
    if unit is not None:
        unit.target = EDITED
    if weblate:
        # What Weblate's Translation.update_units writes on every save (weblate/trans/models/translation.py),
        # through translate-toolkit's updateheader; Weblate adds X-Generator itself (weblate/formats/ttkit.py).
        store.updateheader(
            add=True,
            last_translator="Ana Traductora <ana@example.org>",
            plural_forms="nplurals=2; plural=n != 1;",
            language=store.gettargetlanguage(),
            PO_Revision_Date="2026-11-23 15:00+0000",
            language_team=f"{store.gettargetlanguage()} <https://weblate.example.org/projects/kyr/>",
            x_generator="Weblate 5.14",
        )
    path.write_bytes(bytes(store))


def polib_edit(path: Path, template: Path) -> None:
    import polib

    po = polib.pofile(str(path))
    entry = first_message(po, lambda e: e.obsolete, lambda e: e.msgid)
    if entry is not None:
        entry.msgstr = EDITED
    po.save()


def msgcat(path: Path, template: Path) -> None:
    subprocess.run(["msgcat", "-o", str(path), str(path)], check=True)


def msgmerge(path: Path, template: Path) -> None:
    subprocess.run(["msgmerge", "--quiet", "--previous", "-o", str(path), str(path), str(template)], check=True)


TOOLS = {
    "translate-toolkit": translate_toolkit,
    "weblate (tt + headers)": lambda path, template: translate_toolkit(path, template, weblate=True),
    "polib": polib_edit,
    "msgcat": msgcat,
    "msgmerge --previous": msgmerge,
}


def changed_lines(before: dict[Path, str], after: dict[Path, str]) -> int:
    total = 0
    for path, text in after.items():
        diff = difflib.unified_diff(before.get(path, "").splitlines(), text.splitlines(), lineterm="", n=0)
        total += sum(1 for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---")))
    return total


def snapshot(locales: Path) -> dict[Path, str]:
    return {p: p.read_text(encoding="utf-8") for p in sorted(locales.glob("*/LC_MESSAGES/**/*.po"))}


def measure(root: Path) -> list[tuple[str, int, int]]:
    rows = []
    for name, tool in TOOLS.items():
        with tempfile.TemporaryDirectory() as tmp:
            locales = Path(tmp) / "locales"
            shutil.copytree(root / "locales", locales)
            languages = load_languages(locales / "languages.toml")
            catalogs.update_all(locales, languages)
            settled = snapshot(locales)
            for path in settled:
                domain = path.relative_to(path.parents[1] / "LC_MESSAGES").as_posix().removesuffix(".po")
                tool(path, catalogs.template_path(locales, domain))
            saved = snapshot(locales)
            catalogs.update_all(locales, languages)
            rows.append((name, changed_lines(settled, saved), changed_lines(saved, snapshot(locales))))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", default=".", type=Path)
    args = parser.parse_args()
    rows = measure(args.root)
    files = len(snapshot(args.root / "locales"))
    print(f"{files} catalogs; lines changed (added + removed)")
    print(f"{'tool':<24} {'by the tool':>12} {'then by kyr update':>19}")
    for name, by_tool, by_update in rows:
        print(f"{name:<24} {by_tool:>12} {by_update:>19}")
    return 1 if any(by_update for _, _, by_update in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
