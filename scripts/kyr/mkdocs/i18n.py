"""mkdocs-static-i18n, fitted to this project's languages and parallel builds.

Two upstream limits are worked around here, and only here:

- static-i18n 1.3.1 accepts only two-letter language codes (``en``, ``en-US``),
  so ``mam`` and ``quc`` fail its config validation. Upstream PR
  ultrabug/mkdocs-static-i18n#348 relaxes the pattern but is not released. We
  subclass its config with a validator for ISO 639 codes of two or three
  letters (the BCP 47 primary language subtag), so the real codes are used in
  URLs, ``<html lang>`` and hreflang.
- static-i18n builds every language one after the other in one process. Its
  ``build_only_locale`` option marks the other languages as not built, which
  also drops them from the language switcher. Instead, `kyr build` sets the
  ``only`` option to the one language a process builds; every language stays in
  the switcher and the alternates.

The languages themselves are not listed in mkdocs.yml: they come from
``locales/languages.toml``, the one place that holds them.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from kyr.engine import LOGGER, ValidationError, config_options, plugins

# On ProperDocs, static-i18n warns at import that it cannot list MkDocs' search languages (it
# looks for the `mkdocs` distribution's files); we use no search, so that warning says nothing.
logging.getLogger(f"{LOGGER}.plugins.mkdocs_static_i18n.reconfigure").addFilter(
    lambda record: "Unable to detect lunr languages" not in record.getMessage()
)

from mkdocs_static_i18n.config import I18nPluginConfig, I18nPluginLanguage
from mkdocs_static_i18n.plugin import I18n as StaticI18n

from kyr.languages import LanguageError, load_languages

_ISO_639 = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{4})?(-[A-Z]{2})?$")


class IsoLocale(config_options.Type):
    """A language code of two or three letters, with optional script and region."""

    def run_validation(self, value):
        value = super().run_validation(value)
        if not _ISO_639.match(value) and value != "null":
            raise ValidationError(f"language code {value!r} is not an ISO 639 code such as 'es', 'mam' or 'pt-BR'")
        return value


class Language(I18nPluginLanguage):
    locale = IsoLocale(str)


class I18nConfig(I18nPluginConfig):
    languages = config_options.ListOfItems(config_options.SubConfig(Language, validate=True), default=[])
    #: Build this one language only, keeping the others in the switcher (set by `kyr build`).
    only = config_options.Optional(IsoLocale(str))
    #: Where the languages come from when mkdocs.yml does not list them.
    languages_file = config_options.Type(str, default="locales/languages.toml")


class I18n(StaticI18n):
    config_class = I18nConfig

    def load_config(self, options, config_file_path=None):
        # Fill `languages` from languages.toml before static-i18n validates them.
        if not options.get("languages"):
            root = Path(config_file_path).parent if config_file_path else Path.cwd()
            try:
                table = load_languages(root / options.get("languages_file", "locales/languages.toml"))
            except LanguageError as exc:  # MkDocs reports a ValidationError as a configuration error, without a traceback
                raise ValidationError(str(exc)) from None
            options = dict(options)
            options["languages"] = [
                {"locale": lang.code, "name": lang.name, "default": lang.is_source, "build": True} for lang in table
            ]
        return super().load_config(options, config_file_path)

    @plugins.event_priority(-100)  # as static-i18n's: after every other plugin
    def on_config(self, config):
        # The first build of a process is its `only` language, not the default one.
        if self.current_language is None and self.config.only:
            self.current_language = self.config.only
        return super().on_config(config)

    @plugins.event_priority(-100)
    def on_post_build(self, config):
        # static-i18n would now build the other languages here; with `only`, other processes do.
        if not self.config.only:
            super().on_post_build(config)
