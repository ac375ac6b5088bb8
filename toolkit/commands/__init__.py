"""Subcommands of ``loctk``: each module adds its parsers with ``register(subparsers)``."""
