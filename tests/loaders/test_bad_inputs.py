# ruff: noqa: E501
"""A corpus of bad inputs: each gives a clear error naming file, line and field, and leaves the
graph exactly as it was."""

from __future__ import annotations

import enum
import os
import socket
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from ctgraph.loaders import LoadFailed, LoadOptions, load_paths
from ctgraph.loaders.models import LoadError
from ctgraph.loaders.read import read_path
from ctgraph.loaders.validate import validate_rows
from ctgraph.store import EmbeddedServer
from ctgraph.store.falkordb import FalkorStore
from tests.conftest import SAMPLE
from tests.loaders.helpers import dump, write_folder
from tests.neo4j_fixtures import Neo4jTarget, RecordingNeo4jStore


class Special(enum.Enum):
    FIFO = "fifo"
    SOCKET = "socket"


S = "source:osce-2019-11-26"
ORG = "id,name,kind,sourceIds\n"
EV = "id,name,kind,startDate,datePrecision,monthDay,participantsCount,sourceIds\n"
PART = "personId,eventId,role,talkTitle,sourceIds\n"
RT = "event:2019-11-26-tashkent-roundtable"
AFF = "personId,organizationId,position,sourceIds\n"
EVC = "id,name,startDate,city,sourceIds\n"
# One JSONL organization, and one event with a field more.
JO = '{{"type": "organization", "id": "org:x", "name": "{name}", "sourceIds": ["' + S + '"]}}\n'
JE = ('{{"type": "event", "id": "event:x", "name": "X", "startDate": "2020-01-01", {extra}, '
      '"sourceIds": ["' + S + '"]}}\n')  # fmt: skip
# Files that are not regular files, made in the folder by the test.
FIFO = Special.FIFO
SOCKET = Special.SOCKET

# name: (files, (file, line, field, words in the message))
CASES: dict[str, tuple[dict[str, str | bytes | Special], tuple[str, int | None, str | None, str]]] = {
    "missing column": ({"organizations.csv": "id,kind\norg:x,igo\n"},
                       ("organizations.csv", 1, "name", "required column is missing")),
    "unknown column": ({"organizations.csv": "id,name,colour,sourceIds\norg:x,X,red,"+S+"\n"},
                       ("organizations.csv", 1, "colour", "unknown column")),
    "duplicate column": ({"organizations.csv": "id,name,name,sourceIds\norg:x,X,Y,"+S+"\n"},
                         ("organizations.csv", 1, "name", "appears twice")),
    "wrong type int": ({"events.csv": EV + f"event:x,X,meeting,2020-01-02,,,many,{S}\n"},
                       ("events.csv", 2, "participantsCount", "integer")),
    "negative count": ({"events.csv": EV + f"event:x,X,meeting,2020-01-02,,,-3,{S}\n"},
                       ("events.csv", 2, "participantsCount", "greater than or equal to 0")),
    "impossible date": ({"events.csv": EV + f"event:x,X,meeting,2019-02-30,,,,{S}\n"},
                        ("events.csv", 2, "startDate", "not a date on the calendar")),
    "date in another form": ({"events.csv": EV + f"event:x,X,meeting,26/11/2019,,,,{S}\n"},
                             ("events.csv", 2, "startDate", "is not a date")),
    "impossible month-day": ({"events.csv": EV + f"event:x,X,meeting,,unknown-year,02-30,,{S}\n"},
                             ("events.csv", 2, "monthDay", "not a date on the calendar")),
    "precision mismatch": ({"events.csv": EV + f"event:x,X,meeting,2019,day,,,{S}\n"},
                           ("events.csv", 2, "datePrecision", "does not match")),
    "no date at all": ({"events.csv": EV + f"event:x,X,meeting,,,,,{S}\n"},
                       ("events.csv", 2, "startDate", "is required")),
    "end before start": ({"events.csv": "id,name,startDate,endDate,sourceIds\n"
                          f"event:x,X,2020-05-02,2020-05-01,{S}\n"},
                         ("events.csv", 2, "endDate", "before startDate")),
    "unknown kind": ({"organizations.csv": ORG + f"org:x,X,company,{S}\n"},
                     ("organizations.csv", 2, "kind", "'government'")),
    "bad country": ({"organizations.csv": "id,name,country,sourceIds\n"
                     f"org:x,X,Uzbekistan,{S}\n"},
                    ("organizations.csv", 2, "country", "ISO 3166-1")),
    "bad id": ({"organizations.csv": ORG + f"org x,X,igo,{S}\n"},
               ("organizations.csv", 2, "id", "is not an id")),
    "bad url": ({"sources.csv": "id,name,url\nsource:x,X,javascript:alert(1)\n"},
                ("sources.csv", 2, "url", "not an http(s) URL")),
    "duplicate id in a file": ({"organizations.csv": ORG + f"org:d,D,igo,{S}\norg:d,E,igo,{S}\n"},
                               ("organizations.csv", 3, "id", "duplicate id")),
    "id already of another type": ({"organizations.csv": ORG + f"person:kevin-hyland,K,igo,{S}\n"},
                                   ("organizations.csv", 2, "id", "already a Person")),
    "dangling reference": ({"organized.csv": f"organizationId,eventId,sourceIds\norg:nope,{RT},{S}\n"},
                           ("organized.csv", 2, "organizationId", "is not defined")),
    "reference of the wrong type": ({"organized.csv": "organizationId,eventId,sourceIds\n"
                                     f"person:kevin-hyland,{RT},{S}\n"},
                                    ("organized.csv", 2, "organizationId", "is a Person")),
    "dangling source": ({"organizations.csv": ORG + "org:x,X,igo,source:nope\n"},
                        ("organizations.csv", 2, "sourceIds", "is not defined")),
    "no source": ({"organizations.csv": ORG + "org:x,X,igo,\n"},
                  ("organizations.csv", 2, "sourceIds", "no source")),
    "dangling event in co-organization": ({"co_organizations.csv": "organizationId,partnerId,"
                                           f"eventIds,sourceIds\norg:iom,org:osce,event:no,{S}\n"},
                                          ("co_organizations.csv", 2, "eventIds", "not defined")),
    "self link": ({"part_of.csv": f"organizationId,parentId,sourceIds\norg:osce,org:osce,{S}\n"},
                  ("part_of.csv", 2, "parentId", "itself")),
    "bad role": ({"participations.csv": PART + f"person:kevin-hyland,{RT},keynote,,{S}\n"},
                 ("participations.csv", 2, "role", "'speaker'")),
    "unknown record type (file)": ({"widgets.csv": "id,name\nw:1,W\n"},
                                   ("widgets.csv", None, "type", "unknown record type")),
    "unknown record type (json)": ({"x.jsonl": '{"type": "widget", "id": "w:1"}\n'},
                                   ("x.jsonl", 1, "type", "unknown record type")),
    "empty file": ({"organizations.csv": ""}, ("organizations.csv", 1, None, "empty")),
    "empty json file": ({"x.json": ""}, ("x.json", 1, None, "empty")),
    "non-UTF-8 bytes": ({"organizations.csv": (ORG + f"org:a,A,igo,{S}\n").encode()
                         + b"org:b,B\xff\xfe,igo," + S.encode() + b"\n"},
                        ("organizations.csv", 3, None, "not UTF-8")),
    "BOM with a bad row": ({"organizations.csv": "\ufeff" + ORG + f"org:x,X,company,{S}\n"},
                           ("organizations.csv", 2, "kind", "'government'")),
    "a 1 MB field": ({"organizations.csv": ORG + "org:x," + "N" * 1_000_000 + f",igo,{S}\n"},
                     ("organizations.csv", 2, "name", "the limit is 10,000")),
    "formula cell": ({"organizations.csv": ORG + f'org:x,"=HYPERLINK(""http://e.vil"")",igo,{S}\n'},
                     ("organizations.csv", 2, "name", "spreadsheet formula")),
    "formula in a list": ({"organizations.csv": "id,name,aliases,sourceIds\n"
                           f"org:x,X,ok|@SUM(A1),{S}\n"},
                          ("organizations.csv", 2, "aliases", "spreadsheet formula")),
    "formula in a title": ({"participations.csv": PART + f"person:kevin-hyland,{RT},speaker,"
                            f"+cmd|' /C calc'!A0,{S}\n"},
                           ("participations.csv", 2, "talkTitle", "spreadsheet formula")),
    "row with extra cells": ({"organizations.csv": ORG + f"org:x,X,igo,{S},extra\n"},
                             ("organizations.csv", 2, None, "has 5 cells")),
    "invalid JSON line": ({"x.jsonl": '{"type": "source", "id": "source:q", "name": "Q"}\n{oops\n'},
                          ("x.jsonl", 2, None, "invalid JSON")),
    "JSON record not an object": ({"x.json": '[\n  1\n]'}, ("x.json", None, None, "JSON object")),
    "unknown JSON field": ({"x.jsonl": '{"type": "organization", "id": "org:x", "name": "X", '
                            f'"colour": "red", "sourceIds": ["{S}"]}}\n'},
                           ("x.jsonl", 1, "colour", "unknown field")),
    "wrong JSON type": ({"x.jsonl": '{"type": "organization", "id": "org:x", "name": "X", '
                         f'"aliases": 5, "sourceIds": ["{S}"]}}\n'},
                        ("x.jsonl", 1, "aliases", "list")),
    "missing name in JSON": ({"x.jsonl": f'{{"type": "person", "id": "person:x", "sourceIds": ["{S}"]}}\n'},
                             ("x.jsonl", 1, "name", "is required")),
    "bad record in a JSON list": ({"x.json": '[\n {"type": "source", "id": "source:q", "name": "Q"},\n'
                                   ' {"type": "organization", "id": "org:q", "name": "Q", "kind": "company", '
                                   '"sourceIds": ["source:q"]}\n]'},
                                  ("x.json", 3, "kind", "'government'")),
    "one JSON record on its own": ({"x.json": f'{{"type": "person", "id": "person:z", "sourceIds": ["{S}"]}}'},
                                   ("x.json", 1, "name", "is required")),
    # -- control characters: refused at validation, never at write time ---------------------
    "NUL in a name": ({"organizations.csv": ORG + f"org:x,A\x00B,igo,{S}\n"},
                      ("organizations.csv", 2, "name", "control character U+0000 (NUL)")),
    "NUL in a JSON name": ({"x.jsonl": JO.format(name="A\\u0000B")},
                           ("x.jsonl", 1, "name", "control character U+0000")),
    "NUL in an alias": ({"organizations.csv": "id,name,aliases,sourceIds\n"
                         f"org:x,X,ok|b\x00,{S}\n"},
                        ("organizations.csv", 2, "aliases", "control character")),
    "NUL in a talk title": ({"participations.csv": PART + f"person:kevin-hyland,{RT},speaker,"
                             f"A\x00,{S}\n"},
                            ("participations.csv", 2, "talkTitle", "control character")),
    "NUL in a position": ({"affiliations.csv": AFF + f"person:kevin-hyland,org:iom,Ad\x00viser,{S}\n"},
                          ("affiliations.csv", 2, "position", "control character")),
    "NUL in a url": ({"sources.csv": "id,name,url\nsource:x,X,http://e.org/\x00\n"},
                     ("sources.csv", 2, "url", "control character")),
    "NUL in a website": ({"organizations.csv": f"id,name,website,sourceIds\norg:x,X,http://a\x00b,{S}\n"},
                         ("organizations.csv", 2, "website", "control character")),
    "NUL in a publisher": ({"sources.csv": "id,name,publisher\nsource:x,X,P\x00\n"},
                           ("sources.csv", 2, "publisher", "control character")),
    "NUL in an honorific": ({"people.csv": f"id,name,honorific,sourceIds\nperson:x,X,D\x00r,{S}\n"},
                            ("people.csv", 2, "honorific", "control character")),
    "NUL in a city": ({"events.csv": EVC + f"event:x,X,2020-01-01,Tash\x00kent,{S}\n"},
                      ("events.csv", 2, "city", "control character")),
    "NUL in a retraction reason": ({"retractions.csv": f"id,reason,sourceIds\norg:iom,wr\x00ong,{S}\n"},
                                   ("retractions.csv", 2, "reason", "control character")),
    "NUL in a retraction id": ({"retractions.csv": f"id,reason,sourceIds\norg:i\x00om,wrong,{S}\n"},
                               ("retractions.csv", 2, "id", "control character")),
    "NUL in an id": ({"organizations.csv": ORG + f"org:\x00x,X,igo,{S}\n"},
                     ("organizations.csv", 2, "id", "is not an id")),
    "NUL in another name (JSON)": ({"x.jsonl": '{"type": "organization", "id": "org:x", "name": "X", '
                                    '"otherNames": [{"name": "Y\\u0000"}], "sourceIds": ["' + S + '"]}\n'},
                                   ("x.jsonl", 1, "otherNames.name", "control character")),
    "ESC in a name": ({"organizations.csv": ORG + f"org:x,A\x1b[31mB,igo,{S}\n"},
                      ("organizations.csv", 2, "name", "U+001B (ESC)")),
    "DEL in a name": ({"organizations.csv": ORG + f"org:x,A\x7fB,igo,{S}\n"},
                      ("organizations.csv", 2, "name", "U+007F (DEL)")),
    "C1 control in a name": ({"organizations.csv": ORG + f"org:x,A\x9bB,igo,{S}\n"},
                             ("organizations.csv", 2, "name", "C1 control")),
    "NEL in a name": ({"organizations.csv": ORG + f"org:x,A\x85B,igo,{S}\n"},
                      ("organizations.csv", 2, "name", "U+0085")),
    "tab in a name": ({"organizations.csv": ORG + f"org:x,A\tB,igo,{S}\n"},
                      ("organizations.csv", 2, "name", "U+0009 (TAB)")),
    "line break in a name": ({"organizations.csv": ORG + f'org:x,"A\nB",igo,{S}\n'},
                             ("organizations.csv", 2, "name", "U+000A (LF)")),
    "CR in a JSON alias": ({"x.jsonl": JO.format(name="X").replace('"name"', '"aliases": ["a\\rb"], "name"')},
                           ("x.jsonl", 1, "aliases", "U+000D (CR)")),
    "vertical tab in a title": ({"participations.csv": PART + f"person:kevin-hyland,{RT},speaker,"
                                 f"a\x0bb,{S}\n"},
                                ("participations.csv", 2, "talkTitle", "U+000B")),
    "bell in a venue": ({"events.csv": "id,name,startDate,venue,sourceIds\n"
                         f"event:x,X,2020-01-01,Hall\x07,{S}\n"},
                        ("events.csv", 2, "venue", "U+0007")),
    "form feed in an occasion": ({"events.csv": "id,name,startDate,occasion,sourceIds\n"
                                  f"event:x,X,2020-01-01,a\x0cb,{S}\n"},
                                 ("events.csv", 2, "occasion", "U+000C")),
    "lone surrogate in JSON": ({"x.jsonl": JO.format(name="A\\ud800B")},
                               ("x.jsonl", 1, "name", "lone surrogate")),
    # -- bidi controls that reorder the text around a name ------------------------------------
    "right-to-left override in a name": ({"organizations.csv": ORG + f"org:x,abc\u202edef,igo,{S}\n"},
                                         ("organizations.csv", 2, "name", "RIGHT-TO-LEFT OVERRIDE")),
    "left-to-right embedding in an alias": ({"organizations.csv": "id,name,aliases,sourceIds\n"
                                             f"org:x,X,\u202aabc,{S}\n"},
                                            ("organizations.csv", 2, "aliases", "bidirectional control")),
    "right-to-left isolate in a JSON name": ({"x.jsonl": JO.format(name="a\\u2067b")},
                                             ("x.jsonl", 1, "name", "RIGHT-TO-LEFT ISOLATE")),
    "pop directional isolate in a title": ({"participations.csv": PART + f"person:kevin-hyland,{RT},"
                                            f"speaker,a\u2069b,{S}\n"},
                                           ("participations.csv", 2, "talkTitle", "U+2069")),
    # -- JSON of the wrong shape ---------------------------------------------------------------
    "type is a list": ({"x.jsonl": '{"type": ["organization"], "id": "org:x", "name": "X"}\n'},
                       ("x.jsonl", 1, "type", "must be a string, not a JSON list")),
    "type is an object": ({"x.jsonl": '{"type": {"a": 1}, "id": "org:x", "name": "X"}\n'},
                          ("x.jsonl", 1, "type", "not a JSON object")),
    "type is a number": ({"x.json": '[{"type": 7, "id": "org:x", "name": "X"}]'},
                         ("x.json", 1, "type", "not a JSON number")),
    "type is null": ({"x.jsonl": '{"type": null, "id": "org:x", "name": "X"}\n'},
                     ("x.jsonl", 1, "type", "unknown record type")),
    "type missing": ({"x.jsonl": '{"id": "org:x", "name": "X"}\n'},
                     ("x.jsonl", 1, "type", "unknown record type")),
    "JSON nested 100,000 deep": ({"x.json": "[" * 100_000 + "]" * 100_000},
                                 ("x.json", 1, None, "nested too deeply")),
    "JSONL nested 100,000 deep": ({"x.jsonl": JO.format(name="X") + "[" * 100_000 + "]" * 100_000 + "\n"},
                                  ("x.jsonl", 2, None, "nested too deeply")),
    "a field nested 50 deep": ({"x.jsonl": JO.format(name="X").replace('"name"', '"aliases": ' + "[" * 50 + "]" * 50 + ', "name"')},
                               ("x.jsonl", 1, "aliases", "nested more than")),
    "name is a number": ({"x.jsonl": JO.format(name="X").replace('"X"', "5")},
                         ("x.jsonl", 1, "name", "valid string")),
    "name is a list": ({"x.jsonl": JO.format(name="X").replace('"X"', '["X"]')},
                       ("x.jsonl", 1, "name", "valid string")),
    "name is an object": ({"x.jsonl": JO.format(name="X").replace('"X"', '{"en": "X"}')},
                          ("x.jsonl", 1, "name", "valid string")),
    "name is true": ({"x.jsonl": JO.format(name="X").replace('"X"', "true")},
                     ("x.jsonl", 1, "name", "valid string")),
    "sourceIds is a number": ({"x.jsonl": '{"type": "organization", "id": "org:x", "name": "X", "sourceIds": 3}\n'},
                              ("x.jsonl", 1, "sourceIds", "list")),
    "an id is a number": ({"x.jsonl": f'{{"type": "organization", "id": 12, "name": "X", "sourceIds": ["{S}"]}}\n'},
                          ("x.jsonl", 1, "id", "valid string")),
    "a count is a word": ({"x.jsonl": JE.format(extra='"participantsCount": "many"')},
                          ("x.jsonl", 1, "participantsCount", "integer")),
    "a count is true": ({"x.jsonl": JE.format(extra='"participantsCount": true')},
                        ("x.jsonl", 1, "participantsCount", "not a whole number")),
    "a count with a fraction": ({"x.jsonl": JE.format(extra='"participantsCount": 2.5')},
                                ("x.jsonl", 1, "participantsCount", "fractional")),
    "a count too large": ({"x.jsonl": JE.format(extra='"participantsCount": 100000000')},
                          ("x.jsonl", 1, "participantsCount", "less than or equal")),
    "a count is NaN": ({"x.jsonl": JE.format(extra='"participantsCount": NaN')},
                       ("x.jsonl", 1, "participantsCount", "finite")),
    "a date is a number": ({"x.jsonl": JE.format(extra='"endDate": 2020')},
                           ("x.jsonl", 1, "endDate", "valid string")),
    "a kind is a number": ({"x.jsonl": JE.format(extra='"kind": 3')},
                           ("x.jsonl", 1, "kind", "'conference'")),
    "a country is a list": ({"x.jsonl": JE.format(extra='"country": ["uz"]')},
                            ("x.jsonl", 1, "country", "valid string")),
    "a role is a number": ({"x.jsonl": f'{{"type": "participation", "personId": "person:kevin-hyland", "eventId": "{RT}", "role": 1, "sourceIds": ["{S}"]}}\n'},
                           ("x.jsonl", 1, "role", "'speaker'")),
    "eventIds is an object": ({"x.jsonl": f'{{"type": "co_organization", "organizationId": "org:iom", "partnerId": "org:osce", "eventIds": {{"a": 1}}, "sourceIds": ["{S}"]}}\n'},
                              ("x.jsonl", 1, "eventIds", "list")),
    "otherNames not JSON (CSV)": ({"organizations.csv": f"id,name,otherNames,sourceIds\norg:x,X,[oops,{S}\n"},
                                  ("organizations.csv", 2, "otherNames", "not a JSON list")),
    "otherNames item without a name": ({"x.jsonl": '{"type": "organization", "id": "org:x", "name": "X", '
                                        f'"otherNames": [{{"startDate": "2001"}}], "sourceIds": ["{S}"]}}\n'},
                                       ("x.jsonl", 1, "otherNames.name", "is required")),
    "otherNames item with an unknown field": ({"x.jsonl": '{"type": "organization", "id": "org:x", "name": "X", '
                                               f'"otherNames": [{{"name": "Y", "lang": "en"}}], "sourceIds": ["{S}"]}}\n'},
                                              ("x.jsonl", 1, "otherNames.lang", "unknown field")),
    "a JSONL line that is a string": ({"x.jsonl": '"organization"\n'}, ("x.jsonl", 1, None, "JSON object")),
    "JSON object without records": ({"x.json": '{"items": []}'}, ("x.json", 1, None, "expected a list")),
    "JSON records not a list": ({"x.json": '{"records": 5}'}, ("x.json", 1, None, "expected a list")),
    "JSON with a trailing comma": ({"x.json": '[\n {"type": "source", "id": "source:q", "name": "Q"},\n]'},
                                   ("x.json", 3, None, "invalid JSON")),
    "truncated JSON": ({"x.json": '[\n {"type": "source", "id": "source:q", "na'},
                       ("x.json", 2, None, "invalid JSON")),
    "JSON in single quotes": ({"x.jsonl": "{'type': 'source'}\n"}, ("x.jsonl", 1, None, "invalid JSON")),
    "empty JSONL file": ({"x.jsonl": "\n\n"}, ("x.jsonl", 1, None, "empty")),
    # -- encodings, line endings, delimiters ---------------------------------------------------
    "UTF-16 file": ({"organizations.csv": (ORG + f"org:x,X,igo,{S}\n").encode("utf-16")},
                    ("organizations.csv", 1, None, "not UTF-8")),
    "Latin-1 file": ({"organizations.csv": (ORG + f"org:x,Café,igo,{S}\n").encode("latin-1")},
                     ("organizations.csv", 2, None, "not UTF-8")),
    "a BOM in the middle of a file": ({"organizations.csv": ORG + f"\ufefforg:x,X,igo,{S}\n"},
                                      ("organizations.csv", 2, "id", "is not an id")),
    "two BOMs before the header": ({"organizations.csv": "\ufeff\ufeff" + ORG + f"org:x,X,igo,{S}\n"},
                                   ("organizations.csv", 1, "\ufeffid", "unknown column")),
    "a 5 MB field": ({"organizations.csv": ORG + 'org:x,"' + "N" * 5_000_000 + f'",igo,{S}\n'},
                     ("organizations.csv", None, None, "longer than")),
    "CRLF with a bad row": ({"organizations.csv": (ORG + f"org:a,A,igo,{S}\norg:x,X,company,{S}\n").replace("\n", "\r\n")},
                            ("organizations.csv", 3, "kind", "'government'")),
    "CR line endings with a bad row": ({"organizations.csv": (ORG + f"org:a,A,igo,{S}\norg:x,X,company,{S}\n").replace("\n", "\r")},
                                       ("organizations.csv", 3, "kind", "'government'")),
    "semicolons for commas": ({"organizations.csv": f"id;name;kind;sourceIds\norg:x;X;igo;{S}\n"},
                              ("organizations.csv", 1, "name", "required column is missing")),
    "tabs for commas": ({"organizations.csv": f"id\tname\tkind\tsourceIds\norg:x\tX\tigo\t{S}\n"},
                        ("organizations.csv", 1, "name", "required column is missing")),
    "an empty column name": ({"organizations.csv": f"id,,name,sourceIds\norg:x,,X,{S}\n"},
                             ("organizations.csv", 1, "(empty)", "unknown column")),
    "a row with too few cells": ({"organizations.csv": ORG + "org:x,X\n"},
                                 ("organizations.csv", 2, None, "has 2 cells")),
    "an unterminated quote": ({"organizations.csv": ORG + f'org:x,"X,igo,{S}\n'},
                              ("organizations.csv", None, None, "unexpected end of data")),
    "only blank lines": ({"organizations.csv": "\n \n\n"}, ("organizations.csv", 1, None, "empty")),
    # -- formulas --------------------------------------------------------------------------
    "formula with +": ({"organizations.csv": ORG + f"org:x,+1+1,igo,{S}\n"},
                       ("organizations.csv", 2, "name", "spreadsheet formula")),
    "formula with - in a venue": ({"events.csv": "id,name,startDate,venue,sourceIds\n"
                                   f"event:x,X,2020-01-01,-2+3,{S}\n"},
                                  ("events.csv", 2, "venue", "spreadsheet formula")),
    "formula with @ in a publisher": ({"sources.csv": "id,name,publisher\nsource:x,X,@SUM(1)\n"},
                                      ("sources.csv", 2, "publisher", "spreadsheet formula")),
    "formula in a position": ({"affiliations.csv": AFF + f"person:kevin-hyland,org:iom,=1,{S}\n"},
                              ("affiliations.csv", 2, "position", "spreadsheet formula")),
    "formula in a reason": ({"retractions.csv": f"id,reason,sourceIds\norg:iom,=cmd,{S}\n"},
                            ("retractions.csv", 2, "reason", "spreadsheet formula")),
    "formula after spaces": ({"organizations.csv": ORG + f"org:x,  =1+1,igo,{S}\n"},
                             ("organizations.csv", 2, "name", "spreadsheet formula")),
    "formula after a tab": ({"organizations.csv": ORG + f"org:x,\t=1+1,igo,{S}\n"},
                            ("organizations.csv", 2, "name", "spreadsheet formula")),
    # -- dates and enums -----------------------------------------------------------------------
    "a date with a time": ({"events.csv": EV + f"event:x,X,meeting,2019-11-26T10:00,,,,{S}\n"},
                           ("events.csv", 2, "startDate", "is not a date")),
    "month 13": ({"events.csv": EV + f"event:x,X,meeting,2019-13,,,,{S}\n"},
                 ("events.csv", 2, "startDate", "not a date on the calendar")),
    "29 February of a common year": ({"events.csv": EV + f"event:x,X,meeting,2019-02-29,,,,{S}\n"},
                                     ("events.csv", 2, "startDate", "not a date on the calendar")),
    "year 0": ({"events.csv": EV + f"event:x,X,meeting,0000,,,,{S}\n"},
               ("events.csv", 2, "startDate", "not a date on the calendar")),
    "Arabic-Indic digits in a date": ({"events.csv": EV + f"event:x,X,meeting,٢٠١٩,,,,{S}\n"},
                                      ("events.csv", 2, "startDate", "digits 0-9")),
    "fullwidth digits in a date": ({"events.csv": EV + f"event:x,X,meeting,２０１９-１１-２６,,,,{S}\n"},
                                   ("events.csv", 2, "startDate", "digits 0-9")),
    "an impossible end date": ({"events.csv": "id,name,startDate,endDate,sourceIds\n"
                                f"event:x,X,2020-04-01,2020-04-31,{S}\n"},
                               ("events.csv", 2, "endDate", "not a date on the calendar")),
    "a bad affiliation date": ({"affiliations.csv": "personId,organizationId,position,startDate,sourceIds\n"
                                f"person:kevin-hyland,org:iom,Adviser,2019-00,{S}\n"},
                               ("affiliations.csv", 2, "startDate", "not a date on the calendar")),
    "a bad published date": ({"sources.csv": "id,name,publishedDate\nsource:x,X,yesterday\n"},
                             ("sources.csv", 2, "publishedDate", "is not a date")),
    "a bad date of another name": ({"x.jsonl": '{"type": "organization", "id": "org:x", "name": "X", '
                                    f'"otherNames": [{{"name": "Y", "endDate": "20011"}}], "sourceIds": ["{S}"]}}\n'},
                                   ("x.jsonl", 1, "otherNames.endDate", "is not a date")),
    "a month-day without zeros": ({"events.csv": EV + f"event:x,X,meeting,,unknown-year,7-30,,{S}\n"},
                                  ("events.csv", 2, "monthDay", "is not MM-DD")),
    "unknown year without a day": ({"events.csv": EV + f"event:x,X,meeting,,unknown-year,,,{S}\n"},
                                   ("events.csv", 2, "startDate", "is required")),
    "an unknown precision": ({"events.csv": EV + f"event:x,X,meeting,2019,decade,,,{S}\n"},
                             ("events.csv", 2, "datePrecision", "'day'")),
    "a kind in capitals": ({"organizations.csv": ORG + f"org:x,X,IGO,{S}\n"},
                           ("organizations.csv", 2, "kind", "'government'")),
    "an unknown event kind": ({"events.csv": EV + f"event:x,X,party,2020-01-01,,,,{S}\n"},
                              ("events.csv", 2, "kind", "'conference'")),
    "an unknown organizer role": ({"organized.csv": f"organizationId,eventId,role,sourceIds\norg:iom,{RT},sponsor,{S}\n"},
                                  ("organized.csv", 2, "role", "'organizer'")),
    "a three-letter country": ({"people.csv": f"id,name,country,sourceIds\nperson:x,X,uzb,{S}\n"},
                               ("people.csv", 2, "country", "ISO 3166-1")),
    "a bad Wikidata id": ({"organizations.csv": f"id,name,wikidataId,sourceIds\norg:x,X,Q１２,{S}\n"},
                          ("organizations.csv", 2, "wikidataId", "expected form")),
    # -- ids and references ----------------------------------------------------------------
    "an id too long": ({"organizations.csv": ORG + "org:" + "x" * 300 + f",X,igo,{S}\n"},
                       ("organizations.csv", 2, "id", "the limit is 200")),
    "an id starting with a dash": ({"organizations.csv": ORG + f"-org,X,igo,{S}\n"},
                                   ("organizations.csv", 2, "id", "is not an id")),
    "a bad source id": ({"organizations.csv": ORG + "org:x,X,igo,source x\n"},
                        ("organizations.csv", 2, "sourceIds", "is not an id")),
    "a dangling parent": ({"organizations.csv": f"id,name,parentId,sourceIds\norg:x,X,org:nope,{S}\n"},
                          ("organizations.csv", 2, "parentId", "is not defined")),
    "a parent of the wrong type": ({"organizations.csv": f"id,name,parentId,sourceIds\norg:x,X,person:kevin-hyland,{S}\n"},
                                   ("organizations.csv", 2, "parentId", "is a Person")),
    "a dangling person": ({"participations.csv": PART + f"person:nobody,{RT},speaker,,{S}\n"},
                          ("participations.csv", 2, "personId", "is not defined")),
    "a reference to an invalid record": ({"organizations.csv": ORG + f"org:x,X,company,{S}\n",
                                          "organized.csv": f"organizationId,eventId,sourceIds\norg:x,{RT},{S}\n"},
                                         ("organized.csv", 2, "organizationId", "which is invalid at")),
    "a reference to a record this load retracts": ({"retractions.csv": f"id,reason,sourceIds\norg:iom,wrong,{S}\n",
                                                    "organized.csv": f"organizationId,eventId,sourceIds\norg:iom,{RT},{S}\n"},
                                                   ("organized.csv", 2, "organizationId", "this load retracts")),
    "loading and retracting one record": ({"retractions.csv": f"id,reason,sourceIds\norg:x,wrong,{S}\n",
                                           "organizations.csv": ORG + f"org:x,X,igo,{S}\n"},
                                          ("retractions.csv", 2, "id", "also loaded by this batch")),
    "retracting what is not there": ({"retractions.csv": f"id,reason,sourceIds\norg:nope,wrong,{S}\n"},
                                     ("retractions.csv", 2, "id", "not in the graph")),
    "a retraction without a reason": ({"retractions.csv": f"id,sourceIds\norg:iom,{S}\n"},
                                      ("retractions.csv", 1, "reason", "required column is missing")),
    "a retraction of an unknown relationship": ({"retractions.csv": "relationship,organizationId,parentId,reason\n"
                                                 "owns,org:osce,org:odihr,wrong\n"},
                                                ("retractions.csv", 2, "relationship", "not a relationship type")),
    "one id for two types in a load": ({"organizations.csv": ORG + f"org:z,Z,igo,{S}\n",
                                        "people.csv": f"id,name,sourceIds\norg:z,Zed,{S}\n"},
                                       ("people.csv", 2, "id", "duplicate id 'org:z'")),
    "one id in two files": ({"organizations.csv": ORG + f"org:d,D,igo,{S}\n",
                             "x.jsonl": f'{{"type": "organization", "id": "org:d", "name": "E", "sourceIds": ["{S}"]}}\n'},
                            ("x.jsonl", 1, "id", "duplicate id")),
    "a link of an organization with itself": ({"co_organizations.csv": f"organizationId,partnerId,sourceIds\norg:iom,org:iom,{S}\n"},
                                              ("co_organizations.csv", 2, "partnerId", "itself")),
    # -- names that make no id --------------------------------------------------------------
    "a name of punctuation only": ({"organizations.csv": f"name,sourceIds\n!!!,{S}\n"},
                                   ("organizations.csv", 2, "name", "no letters or digits")),
    "two names of punctuation": ({"organizations.csv": f"name,sourceIds\n!!!,{S}\n???,{S}\n"},
                                 ("organizations.csv", 3, "name", "give the record an id")),
    "a JSON person named with dashes only": ({"x.jsonl": f'{{"type": "person", "name": "– — ·", "sourceIds": ["{S}"]}}\n'},
                                             ("x.jsonl", 1, "name", "no letters or digits")),
    "a name of spaces": ({"organizations.csv": ORG + f"org:x,   ,igo,{S}\n"},
                         ("organizations.csv", 2, "name", "is empty")),
    "an alias too long": ({"organizations.csv": "id,name,aliases,sourceIds\n"
                           f"org:x,X,{'a' * 10_001},{S}\n"},
                          ("organizations.csv", 2, "aliases", "the limit is 10,000")),
    "a url with a space": ({"sources.csv": "id,name,url\nsource:x,X,http://e.org/a b\n"},
                           ("sources.csv", 2, "url", "not an http(s) URL")),
    "a url too long": ({"sources.csv": "id,name,url\nsource:x,X,http://e.org/" + "a" * 2000 + "\n"},
                       ("sources.csv", 2, "url", "the limit is 2,000")),
    # -- clears -------------------------------------------------------------------------------
    "clearing a name": ({"organizations.csv": ORG + f"org:iom,~,igo,{S}\n"},
                        ("organizations.csv", 2, "name", "cannot be cleared")),
    "clearing an id (JSON)": ({"x.jsonl": f'{{"type": "organization", "id": "~", "name": "X", "sourceIds": ["{S}"]}}\n'},
                              ("x.jsonl", 1, "id", "cannot be cleared")),
    "clearing sources": ({"organizations.csv": ORG + "org:iom,IOM,igo,~\n"},
                         ("organizations.csv", 2, "sourceIds", "cannot be cleared")),
    "clearing in a retraction": ({"retractions.csv": "id,reason,sourceIds\norg:iom,wrong,~\n"},
                                 ("retractions.csv", 2, "sourceIds", "clears nothing")),
    "clearing an unknown JSON field": ({"x.jsonl": f'{{"type": "organization", "id": "org:x", "name": "X", "colour": null, "sourceIds": ["{S}"]}}\n'},
                                       ("x.jsonl", 1, "colour", "unknown field")),
    # -- part_of cycles -------------------------------------------------------------------------
    "a part_of cycle of two": ({"organizations.csv": ORG + f"org:a,A,igo,{S}\norg:b,B,igo,{S}\n",
                                "part_of.csv": f"organizationId,parentId,sourceIds\norg:a,org:b,{S}\norg:b,org:a,{S}\n"},
                               ("part_of.csv", 3, "parentId", "cycle: org:b → org:a → org:b")),
    "a part_of cycle of three": ({"organizations.csv": ORG + f"org:a,A,igo,{S}\norg:b,B,igo,{S}\norg:c,C,igo,{S}\n",
                                  "part_of.csv": "organizationId,parentId,sourceIds\n"
                                                 f"org:a,org:b,{S}\norg:b,org:c,{S}\norg:c,org:a,{S}\n"},
                                 ("part_of.csv", 2, "parentId", "cycle: org:a → org:b → org:c → org:a")),
    "a cycle of parentIds": ({"organizations.csv": "id,name,parentId,sourceIds\n"
                              f"org:a,A,org:b,{S}\norg:b,B,org:a,{S}\n"},
                             ("organizations.csv", 2, "parentId", "cycle: org:a → org:b → org:a")),
    "a cycle of a parentId and a part_of": ({"organizations.csv": "id,name,parentId,sourceIds\n"
                                             f"org:a,A,org:b,{S}\norg:b,B,,{S}\n",
                                             "part_of.csv": f"organizationId,parentId,sourceIds\norg:b,org:a,{S}\n"},
                                            ("part_of.csv", 2, "parentId", "cycle: org:b → org:a → org:b")),
    "a cycle with the graph's part_of": ({"part_of.csv": f"organizationId,parentId,sourceIds\norg:osce,org:odihr,{S}\n"},
                                         ("part_of.csv", 2, "parentId", "cycle: org:osce → org:odihr → org:osce")),
    "a longer cycle with the graph": ({"organizations.csv": "id,name,parentId,sourceIds\n"
                                       f"org:x,X,org:odihr,{S}\n",
                                       "part_of.csv": f"organizationId,parentId,sourceIds\norg:osce,org:x,{S}\n"},
                                      ("part_of.csv", 2, "parentId", "org:osce → org:x → org:odihr → org:osce")),
    "an organization its own parent": ({"organizations.csv": f"id,name,parentId,sourceIds\norg:x,X,org:x,{S}\n"},
                                       ("organizations.csv", 2, "parentId", "part of itself")),
    # -- what is not a file ---------------------------------------------------------------
    "a named pipe named like a record file": ({"organizations.csv": FIFO},
                                              ("organizations.csv", None, None, "named pipe (FIFO)")),
    "a socket named like a record file": ({"people.csv": SOCKET},
                                          ("people.csv", None, None, "a socket")),
}  # fmt: skip

# The cases whose refusal depends on the database run on both; the others on the embedded one.
# These are found by the planner, after the graph's index (ids, types, redirects, PART_OF links:
# GraphIndex) and what retractions name have been read from the database; every other case is
# refused while its files are read and validated, which no database takes part in
# (`test_the_cases_on_one_database_are_refused_before_it_is_read` holds this true). What a
# refusal leaves behind (a unit of work rolled back) is the same for every case: the cases on
# both databases check it on Neo4j.
ON_BOTH_DATABASES = {
    # an id, a type or a PART_OF link of the graph (the sample) decides the refusal
    "id already of another type", "reference of the wrong type", "a parent of the wrong type",
    "dangling reference", "dangling source", "dangling event in co-organization",
    "a dangling parent", "a dangling person", "a reference to a record this load retracts",
    "retracting what is not there", "a cycle with the graph's part_of",
    "a longer cycle with the graph",
    # the input alone decides, but the planner finds it while resolving the input against the
    # graph's index, so a store's answers take part
    "duplicate id in a file", "no source", "self link", "a reference to an invalid record",
    "loading and retracting one record", "one id for two types in a load", "one id in two files",
    "a link of an organization with itself", "a name of punctuation only",
    "two names of punctuation", "a JSON person named with dashes only", "a part_of cycle of two",
    "a part_of cycle of three", "a cycle of parentIds", "a cycle of a parentId and a part_of",
    "an organization its own parent",
}  # fmt: skip
assert ON_BOTH_DATABASES <= CASES.keys(), ON_BOTH_DATABASES - CASES.keys()
RUNS = [pytest.param("embedded", case, id=f"embedded-{case}") for case in CASES] + [
    pytest.param("neo4j", case, id=f"neo4j-{case}", marks=pytest.mark.neo4j)
    for case in CASES
    if case in ON_BOTH_DATABASES
]


def _write(folder: Path, files: dict[str, str | bytes | Special]) -> Iterator[socket.socket]:
    """The case's files; FIFOs and sockets made in place (the sockets yielded, to close)."""
    write_folder(folder, {k: v for k, v in files.items() if not isinstance(v, Special)})
    for name, kind in files.items():
        if kind is Special.FIFO:
            os.mkfifo(folder / name)
        elif kind is Special.SOCKET:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.bind(str(folder / name))
            yield sock


def _hits(
    errors: list[LoadError], file: str, line: int | None, field: str | None, words: str
) -> list[LoadError]:
    """The errors that say what a case expects: its file, line, field and words."""
    return [
        e for e in errors
        if e.file.endswith(file) and (line is None or e.line == line)
        and e.field == field and words in e.message
    ]  # fmt: skip


class SharedSample:
    """One graph with the sample loaded, on one database, which the cases share (a refused load
    writes nothing), and its dump, taken once when it was built."""

    store: FalkorStore | RecordingNeo4jStore
    before: tuple[list[str], list[str]]

    def __init__(self, target: EmbeddedServer | Neo4jTarget) -> None:
        self.target = target

    async def build(self) -> None:
        if isinstance(self.target, EmbeddedServer):
            name = f"test-bad-inputs-{uuid.uuid4().hex[:12]}"
            self.store = FalkorStore(str(self.target.socket), name)
        else:
            neo = self.target
            self.store = RecordingNeo4jStore(neo.uri, neo.user, neo.password, neo.database)
            await self.store.clear()
        await self.store.ensure_schema()
        await load_paths(self.store, [SAMPLE], LoadOptions())
        self.before = await dump(self.store)

    async def close(self) -> None:
        if isinstance(self.store, FalkorStore):
            await self.store.drop()
        else:
            await self.store.clear()
        await self.store.close()


class SharedSamples:
    """This module's shared graphs, one per database, each built when a case first asks for it
    (so `-m "not neo4j"` starts no Neo4j)."""

    def __init__(self) -> None:
        self.built: dict[str, SharedSample] = {}

    async def get(self, backend: str, request: pytest.FixtureRequest) -> SharedSample:
        if backend not in self.built:
            target = request.getfixturevalue("server" if backend == "embedded" else "neo4j_target")
            graph = SharedSample(target)
            await graph.build()
            self.built[backend] = graph
        return self.built[backend]

    async def rebuild(self, backend: str) -> None:
        graph = self.built.pop(backend)
        await graph.close()
        await graph.build()
        self.built[backend] = graph


@pytest.fixture(scope="module")
async def shared_samples() -> AsyncIterator[SharedSamples]:
    """The sample graphs that this module's cases share; emptied at its end. On Neo4j that is
    the session's one database, which the module's other tests (the `store` fixture) clear:
    they come after the cases in this file, and so run after them."""
    samples = SharedSamples()
    yield samples
    for graph in samples.built.values():
        await graph.close()


@pytest.mark.parametrize(("backend", "case"), RUNS)
async def test_bad_input_is_refused_and_changes_nothing(
    shared_samples: SharedSamples,
    request: pytest.FixtureRequest,
    tmp_path: Path,
    backend: str,
    case: str,
) -> None:
    files, (file, line, field, words) = CASES[case]
    shared = await shared_samples.get(backend, request)
    folder = tmp_path / "in"
    sockets = list(_write(folder, files))
    before = shared.before  # the dump taken when the shared graph was built
    try:
        with pytest.raises(LoadFailed) as info:
            await load_paths(shared.store, [folder], LoadOptions())
    finally:
        for sock in sockets:
            sock.close()
        after = await dump(shared.store)
        if after != before:  # this case fails below; the next ones get a new sample graph
            await shared_samples.rebuild(backend)
    report = info.value.report
    assert not report.ok and report.error_count >= 1
    hits = _hits(report.errors, file, line, field, words)
    assert hits, [str(e) for e in report.errors]
    assert file in str(info.value)
    assert after == before


def test_the_cases_on_one_database_are_refused_before_it_is_read(tmp_path: Path) -> None:
    """A case that runs on the embedded database alone is refused by reading and validating
    its files, before any database is asked anything (see ON_BOTH_DATABASES)."""
    for n, (case, (files, (file, line, field, words))) in enumerate(CASES.items()):
        if case in ON_BOTH_DATABASES:
            continue
        sockets = list(_write(tmp_path / str(n), files))
        errors: list[LoadError] = []
        validate_rows(read_path(tmp_path / str(n), errors, []), errors)
        for sock in sockets:
            sock.close()
        assert _hits(errors, file, line, field, words), (case, [str(e) for e in errors])


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 100


async def test_all_errors_are_reported_together_and_capped(
    store: FalkorStore, tmp_path: Path
) -> None:
    rows = "".join(f"org:x{i},X{i},company,\n" for i in range(300))
    folder = write_folder(tmp_path / "in", {"organizations.csv": ORG + rows,
                                            "people.csv": "id\n"})  # fmt: skip
    with pytest.raises(LoadFailed) as info:
        await load_paths(store, [folder], LoadOptions(max_errors=100))
    report = info.value.report
    assert report.error_count == 301 and len(report.errors) == 100
    assert (await store.stats())["nodes"]["Organization"] == 0


async def test_bom_is_accepted(store: FalkorStore, tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "in", {
        "sources.csv": "\ufeffid,name\nsource:s,S\n",
        "organizations.csv": "\ufeff" + ORG + "org:a,A,igo,source:s\n",
    })  # fmt: skip
    report = await load_paths(store, [folder])
    assert report.ok and report.counts["organizations"].created == 1


async def test_injection_strings_are_stored_literally(store: FalkorStore, tmp_path: Path) -> None:
    evil = "'}) DETACH DELETE n //"
    folder = write_folder(tmp_path / "in", {
        "sources.csv": 'id,name\nsource:s,"x"" }) MATCH (n) DETACH DELETE n //"\n',
        "organizations.csv": f"id,name,aliases,sourceIds\norg:a,{evil},\"{evil} 2\",source:s\n",
    })  # fmt: skip
    await load_paths(store, [folder])
    await load_paths(store, [folder])
    rows = await store.query("load_entity_props", {"ids": ["org:a", "source:s"]})
    props = {r["id"]: r["props"] for r in rows}
    assert props["org:a"]["name"] == evil
    assert props["org:a"]["aliases"] == [f"{evil} 2"]
    assert props["source:s"]["name"] == 'x" }) MATCH (n) DETACH DELETE n //'
    assert (await store.stats())["nodes"]["Organization"] == 1


async def test_skip_invalid_writes_valid_rows_and_rejects_with_reasons(
    store: FalkorStore, tmp_path: Path
) -> None:
    folder = write_folder(tmp_path / "in", {
        "sources.csv": "id,name\nsource:s,S\n",
        "organizations.csv": ORG + "org:a,A,igo,source:s\norg:b,=1+1,igo,source:s\n"
                             "org:c,C,company,source:s\n",
        "organized.csv": "organizationId,eventId,sourceIds\norg:b,event:e,source:s\n",
        "events.csv": "id,name,startDate,sourceIds\nevent:e,E,2020-01-01,source:s\n",
    })  # fmt: skip
    rejects = tmp_path / "rejects.csv"
    report = await load_paths(store, [folder], LoadOptions(skip_invalid=True, reject_file=rejects))
    assert report.counts["organizations"].created == 1
    assert report.counts["organizations"].rejected == 2
    assert report.counts["organized"].rejected == 1  # it names a rejected organization
    text = rejects.read_text(encoding="utf-8")
    assert "organizations.csv" in text and "spreadsheet formula" in text
    for line in text.splitlines()[1:]:
        for cell in line.split(","):
            assert not cell.startswith(("=", "+", "-", "@"))
    assert '""name"": ""=1+1""' in text  # inside the JSON cell, which starts with {
    counts = await store.stats()
    assert counts["nodes"]["Organization"] == 1 and counts["nodes"]["Event"] == 1
