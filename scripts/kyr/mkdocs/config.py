"""Options of the `kyr` MkDocs plugin."""

from __future__ import annotations

from kyr.engine import Config, config_options


class KyrConfig(Config):
    #: The languages and their policy, relative to mkdocs.yml.
    languages_file = config_options.Type(str, default="locales/languages.toml")
    #: The gettext catalogs, relative to mkdocs.yml.
    locales_dir = config_options.Type(str, default="locales")
    #: The media registry, relative to docs_dir; empty for none.
    media_file = config_options.Type(str, default="media.yml")
