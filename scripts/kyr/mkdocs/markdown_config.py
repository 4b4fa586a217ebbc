"""The site's Markdown configuration, as MkDocs reads it from mkdocs.yml.

``kyr check`` judges translations by what they render to, with the same
extensions and settings the build uses: MkDocs' own (toc, tables, fenced_code)
and the ``markdown_extensions`` of mkdocs.yml. MkDocs reads the file itself, so
``!ENV`` tags and its defaults are handled as in a build.
"""

from __future__ import annotations

import logging
from pathlib import Path


def markdown_config(config_file: Path) -> tuple[list, dict]:
    """(extensions, extension_configs) of the site configured by `config_file`."""
    from kyr.engine import LOGGER, load_config

    # Loading the configuration logs what a build would; here only the extensions matter.
    logging.getLogger(LOGGER).setLevel(logging.ERROR)
    config = load_config(str(config_file))
    return list(config.markdown_extensions), dict(config.mdx_configs)
