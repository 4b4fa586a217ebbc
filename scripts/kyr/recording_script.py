"""A script for a speaker who records a page: `kyr recording-script LANG PAGE`.

Many Mam and Kʼicheʼ readers read neither their language nor Spanish well; an
organization can record a speaker reading a page aloud, and the media registry
publishes the file (:mod:`kyr.recordings`). The speaker needs the page block by
block, numbered, in English and in the text a reader of the language sees today
(chosen by :mod:`kyr.translate`, so for Mam it is the Spanish fallback until Mam
text is reviewed), the name of the file to save, and how to record.

The script is Markdown: readable as plain text on a phone, printable from any
editor, and renderable as HTML. Blocks are plain text, without Markdown
syntax or link targets, as they are to be read aloud.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import markdown
import yaml
from markupsafe import Markup

from kyr import catalog as catalogs
from kyr.languages import Languages
from kyr.segment import segment
from kyr.translate import Translations

#: What a speaker needs to know, in the order they need it.
INSTRUCTIONS = """\
1. **Agree first.** The speaker agrees that their voice is published on the site. Do not say
   anyone's name, your town, or anything about your own case.
2. **A quiet room.** Close windows, turn off fans, the TV and the radio. Soft things (curtains,
   a bed, clothes) stop echoes. Put the phone in airplane mode so no call or message sounds.
3. **The phone.** Use the phone's voice recorder. If it has a quality setting, choose the
   highest (the build makes the file small). Hold the phone still, about a hand's length
   (20 cm) from your mouth, a little below it.
4. **Read slowly and clearly**, block after block. Say only what each block says: do not add
   advice, dates, phone numbers or places that are not in the text. Do not say the block
   numbers; pause for two seconds between blocks.
5. **A mistake?** Stop, pause, and read the whole block again. Someone can cut the mistake out
   later with an audio editor (for example Audacity), or record the page again.
6. **Check it.** Before it is published, another speaker of the language listens to all of it
   and checks that it says what the page says.
"""


def plain(text: str) -> str:
    """A block's Markdown as the words to read aloud: no syntax, no link targets.

    >>> plain("Call the [court hotline](https://example.invalid/) **now**.")
    'Call the court hotline now.'
    """
    html = markdown.markdown(text, extensions=["def_list", "tables"])
    return re.sub(r"\s+", " ", Markup(html).striptags()).strip()


def file_name(lang: str, page: str, suffix: str = ".wav") -> str:
    """Where the recording goes, relative to the project: the registry's ``file:`` is this without ``docs/``.

    >>> file_name("mam", "court-case")
    'docs/audio/mam/court-case.wav'
    """
    return f"docs/audio/{lang}/{page}{suffix}"


def _front_matter(source: str) -> dict:
    match = re.match(r"\A---\n(.*?)\n---\n", source, re.S)
    return (yaml.safe_load(match.group(1)) or {}) if match else {}


def recording_script(docs: Path, locales: Path, languages: Languages, lang: str, page: str) -> str:
    """The script for recording `page` (a file name under `docs` without ``.md``) in `lang`, as Markdown."""
    path = docs / f"{page}.md"
    if lang not in languages.codes:
        raise ValueError(f"{lang}: not a language of locales/languages.toml ({', '.join(languages.codes)})")
    if not path.is_file():
        raise ValueError(f"{path}: no such page")
    source = path.read_text(encoding="utf-8-sig")
    meta = _front_matter(source)
    language = languages[lang]
    translations = Translations(locales, languages)
    domain = catalogs.page_domain(f"{page}.md")
    blocks = [s for s in segment(source) if s.kind != "meta"]
    recording = file_name(lang, page)
    out = [
        f"# Recording script: {plain(str(meta.get('title', page)))}",
        "",
        f"- Language to speak: **{language.name}** (`{lang}`)",
        f"- Page: `{page}` (docs/{page}.md), last reviewed {meta.get('last_reviewed', 'never')}."
        " When the page changes, record it again.",
        f"- Save the recording as **`{recording}`**. A phone's `.m4a`, `.mp3`, `.ogg` or `.webm` file"
        " is fine too: keep the name, keep the phone's ending.",
        "",
        "## How to record",
        "",
        INSTRUCTIONS,
        "## The page, block by block",
        "",
        f"Each block is in English and as a {language.name} reader sees it on the site today."
        f" Speak it in {language.name}.",
        "",
    ]
    for number, block in enumerate(blocks, 1):
        choice = translations.choose(lang, domain, block.text, block.context)
        shown = languages[choice.lang].name + (", not yet reviewed" if choice.draft else "")
        out += [f"### Block {number}", "", f"**English:** {plain(block.text)}", ""]
        if choice.lang != languages.source:
            out += [f"**{shown}:** {plain(choice.text)}", ""]
    registry_file = recording.removeprefix("docs/")
    out += [
        "## After recording: publish it",
        "",
        f"Put the file at `{recording}` and add this entry to `docs/media.yml` (fill in your",
        "organization and the date you checked the recording; the build refuses an empty name):",
        "",
        "```yaml",
        f"- id: {page}-{lang}-recording",
        f"  title: {json.dumps(str(meta.get('title', page)) + ', read aloud', ensure_ascii=False)}",
        '  provider: ""  # your organization',
        f"  file: {registry_file}  # with your file's ending: .wav, .m4a, .mp3, .ogg or .webm",
        f"  languages: [{lang}]",
        "  kind: audio",
        f"  topics: [{page}]",
        "  checked: YYYY-MM-DD",
        "```",
        "",
        "The build encodes it to a small file (about 150 KB a minute) and shows a player on the page.",
        "",
    ]
    return "\n".join(out)
