"""`kyr update` merges like `msgmerge --previous`: nothing a translator wrote is ever lost.

Property tests over random source edits: blocks added, removed, changed a
little, changed completely, and moved.
"""

import subprocess
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kyr import catalog as catalogs
from kyr.extract import extract
from kyr.languages import load_languages

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = load_languages(ROOT / "locales" / "languages.toml")
SPANISH = LANGUAGES["es"]

sentence = st.lists(
    st.sampled_from(["you", "can", "ask", "for", "asylum", "at", "the", "border", "court", "judge", "today", "now"]),
    min_size=3, max_size=9,
).map(lambda ws: " ".join(ws).capitalize() + ".")
edit = st.sampled_from(["keep", "remove", "append-word", "replace", "move"])


def write_page(folder: Path, blocks: list[str]) -> None:
    (folder / "docs").mkdir(exist_ok=True)
    (folder / "docs" / "page.md").write_text("\n\n".join(blocks) + "\n", encoding="utf-8")


def run(folder: Path) -> None:
    extract(folder / "docs", folder / "locales", {})
    catalogs.update_all(folder / "locales", LANGUAGES)


def entries(path: Path):
    cat = catalogs.read_po(path)
    return cat, {m.id: m for m in cat if m.id}, {m.id: m for m in cat.obsolete.values()}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(sentence, min_size=1, max_size=6, unique=True), st.data())
def test_update_never_loses_a_translation(tmp_path_factory, blocks, data):
    folder = tmp_path_factory.mktemp("project")
    (folder / "locales").mkdir()
    (folder / "locales" / "languages.toml").write_bytes((ROOT / "locales" / "languages.toml").read_bytes())
    write_page(folder, blocks)
    run(folder)
    po = catalogs.po_path(folder / "locales", "es", "page")
    cat = catalogs.read_po(po)
    for message in cat:
        if message.id:
            message.string = "ES " + message.id
    catalogs.write(po, cat, SPANISH)
    translated = {"ES " + b for b in blocks}

    edited, changed = [], {}
    for block in blocks:
        action = data.draw(edit)
        if action == "remove":
            continue
        if action == "append-word":
            changed[block] = block[:-1] + " please."
            edited.append(changed[block])
        elif action == "replace":
            edited.append(data.draw(sentence))
        elif action == "move":
            edited.insert(0, block)
        else:
            edited.append(block)
    edited = list(dict.fromkeys(edited)) or ["Something new."]
    write_page(folder, edited)
    run(folder)

    cat, active, obsolete = entries(po)
    kept = {m.string for m in active.values() if m.string} | {m.string for m in obsolete.values() if m.string}
    assert translated <= kept, "a translation was lost"
    for old, new in changed.items():
        if new in active and old not in active:
            message = active[new]
            if message.string:
                assert message.fuzzy and message.previous_id == [old] or message.previous_id == old
    for block in edited:
        if block in blocks and block in active:
            assert active[block].string == "ES " + block and not active[block].fuzzy

    before = po.read_bytes()
    run(folder)
    assert po.read_bytes() == before, "a second update changed the file"
    checked = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_a_changed_block_keeps_its_translation_as_fuzzy_with_the_old_msgid(tmp_path):
    (tmp_path / "locales").mkdir()
    (tmp_path / "locales" / "languages.toml").write_bytes((ROOT / "locales" / "languages.toml").read_bytes())
    write_page(tmp_path, ["Call the court if you move to a new home."])
    run(tmp_path)
    po = catalogs.po_path(tmp_path / "locales", "es", "page")
    cat = catalogs.read_po(po)
    cat["Call the court if you move to a new home."].string = "Llame a la corte si se muda."
    catalogs.write(po, cat, SPANISH)
    write_page(tmp_path, ["Call the court within 5 days if you move to a new home."])
    run(tmp_path)
    text = po.read_text(encoding="utf-8")
    assert '#, fuzzy\n#| msgid "Call the court if you move to a new home."\nmsgid "Call the court within 5 days if you move to a new home."\nmsgstr "Llame a la corte si se muda."' in text


def test_mam_catalog_keeps_its_plural_forms_header(tmp_path):
    (tmp_path / "locales").mkdir()
    (tmp_path / "locales" / "languages.toml").write_bytes((ROOT / "locales" / "languages.toml").read_bytes())
    write_page(tmp_path, ["One block."])
    run(tmp_path)
    run(tmp_path)
    text = catalogs.po_path(tmp_path / "locales", "mam", "page").read_text(encoding="utf-8")
    assert '"Language: mam\\n"' in text and '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in text
