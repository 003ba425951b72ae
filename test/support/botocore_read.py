"""Reads AWS config files the way the AWS CLI does and prints what botocore makes of each.

Usage: python3 botocore_read.py FILE...   (prints one JSON document: a list, one entry per file)
"""
import json
import sys

from botocore import configloader
from botocore.exceptions import ConfigParseError


def read(path):
    try:
        raw = configloader.raw_config_parse(path)
    except ConfigParseError as error:
        return {"ok": False, "error": str(error)}
    except Exception as error:  # noqa: BLE001 - any refusal counts as "botocore cannot read it"
        return {"ok": False, "error": f"{type(error).__name__}: {error}"}
    built = configloader.build_profile_map(raw)
    return {
        "ok": True,
        "profiles": built.get("profiles", {}),
        "ssoSessions": built.get("sso_sessions", {}),
        "services": built.get("services", {}),
    }


print(json.dumps([read(path) for path in sys.argv[1:]]))
