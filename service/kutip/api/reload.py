"""Loading the rules again in a running service (gunicorn's HUP), never dropping working rules.

With ``preload_app`` gunicorn builds the app once in its master and forks the workers from it;
a HUP re-forks the workers from that same app, so without this they would keep the old engine.
gunicorn_conf.py's ``on_reload`` hook calls :func:`reload_rules` in the master before the new
workers fork: they inherit the new engine, or the old one when the new rules are refused.
"""

from __future__ import annotations

import dataclasses
import logging

from flask import Flask

from kutip.api.logs import FIELDS
from kutip.api.ops import READY_PROBE
from kutip.api.state import EXTENSION, Service
from kutip.engine import Engine

log = logging.getLogger("kutip.api.reload")


def reload_rules(app: Flask) -> bool:
    """Build an engine from the app's rules directory and put it in place of the old one.

    Refused (False, the old engine stays, an error log line says why) when the rules do not
    load or the new engine fails the readiness probe: a broken rule set never replaces a
    working one.
    """
    svc: Service = app.extensions[EXTENSION]
    old = svc.engine
    try:
        engine = Engine.from_directory(svc.settings.rules_dir, old.budget_seconds)
        engine.extract(READY_PROBE)
    except Exception as exc:
        # RulesError lists every problem in its message: that is what the operator must fix.
        log.error(
            "rules reload refused, keeping rules %s: %s",
            old.rules_version,
            exc,
            extra={FIELDS: {"event": "rules_reload_refused", "rules_version": old.rules_version}},
        )
        return False
    app.extensions[EXTENSION] = dataclasses.replace(svc, engine=engine)
    log.info(
        "rules reloaded: %s -> %s",
        old.rules_version,
        engine.rules_version,
        extra={
            FIELDS: {
                "event": "rules_reloaded",
                "previous_rules_version": old.rules_version,
                "rules_version": engine.rules_version,
                "rules": len(engine.rule_ids),
            }
        },
    )
    return True
