"""False alarms of the facts checks on the shipped catalogs, against pofilter's as a baseline.

Every shipped translation (es, pt, ht; Mam and Kʼicheʼ where they have any) keeps
its source's facts, so every entry flagged is a false alarm. Prints, per language,
the translations read, those `kyr.facts` flags and those translate-toolkit's
pofilter flags with its ``numbers``, ``urls`` and ``emails`` tests (the checks
Weblate and Pootle run), when pofilter is installed.

    .venv/bin/python tests/bench/facts_alarms.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from kyr import catalog as catalogs
from kyr.facts import differences
from kyr.languages import load_languages

ROOT = Path(__file__).resolve().parents[2]


def ours(language) -> tuple[int, list[str]]:
    read, flagged = 0, []
    for path in sorted((ROOT / "locales" / language.code / "LC_MESSAGES").glob("*.po")):
        for message in catalogs.read_po(path):
            # A draft marked stale (#| msgid) states the old source's facts by definition.
            if not message.id or not isinstance(message.string, str) or not message.string or message.previous_id:
                continue
            read += 1
            found = differences(message.id, message.string, language)
            if found:
                flagged.append(f"{path.relative_to(ROOT)}:{message.lineno}: {'; '.join(found)}")
    return read, flagged


def pofilter(code: str) -> int | None:
    if not shutil.which("pofilter"):
        return None
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(["pofilter", "--progress=none", "-t", "numbers", "-t", "urls", "-t", "emails",
                        str(ROOT / "locales" / code / "LC_MESSAGES"), out], check=True, capture_output=True)
        return sum(p.read_text(encoding="utf-8").count("# (pofilter) ") for p in Path(out).rglob("*.po"))


def main() -> int:
    languages = load_languages(ROOT / "locales" / "languages.toml")
    print(f"{'lang':5} {'read':>6} {'kyr.facts':>10} {'pofilter':>9}")
    total = 0
    for language in languages.targets:
        read, flagged = ours(language)
        theirs = pofilter(language.code)
        total += len(flagged)
        print(f"{language.code:5} {read:>6} {len(flagged):>10} {'-' if theirs is None else theirs:>9}")
        for line in flagged:
            print("  " + line)
    print(f"false alarms of kyr.facts: {total}")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
