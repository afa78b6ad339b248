"""Quieter management commands: no log line for every saved row."""

import logging
from contextlib import contextmanager

# Loggers that write a line for every saved row (search-index tasks, revisions).
CHATTY_LOGGERS = ("django_tasks", "wagtail")


@contextmanager
def quiet_loggers(names=CHATTY_LOGGERS, level=logging.WARNING):
    """Raise ``names`` to at least ``level`` while the block runs."""
    loggers = [logging.getLogger(name) for name in names]
    previous = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(max(level, logger.level))
    try:
        yield
    finally:
        for logger, old in zip(loggers, previous, strict=True):
            logger.setLevel(old)
