"""Label Studio JSON exports (https://labelstud.io/guide/export#Label-Studio-JSON-format-of-annotated-tasks).

An export is a list of tasks; a task holds its text in ``data`` (under the name the labeling
config gives it, ``text`` by default) and its annotations, each a list of results:

    {"id": "r1", "type": "labels", "from_name": "label", "to_name": "text",
     "value": {"start": 52, "end": 55, "text": "白朗县", "labels": ["County"]}}
    {"type": "relation", "from_id": "r3", "to_id": "r1", "direction": "right", "labels": ["sentBy"]}
    {"id": "r5", "type": "choices", "from_name": "fundingCategory",
     "value": {"choices": ["aid-funds"]}}
    {"id": "r5", "type": "textarea", "from_name": "note", "value": {"text": ["..."]}}

A ``choices`` or ``textarea`` result with the id of a span is about that span (a per-region
control); its ``from_name`` is the attribute name the mapping reads.

**Offsets.** Label Studio computes ``start``/``end`` in the browser, and how it counts has
changed: older versions count JavaScript string positions — UTF-16 code units, so every
character outside the Basic Multilingual Plane (an emoji, a CJK Extension B character such
as 𠮷) counts two and shifts every offset after it (HumanSignal/label-studio#1347, #539);
later versions store code points, as Python does (label-studio-frontend#308, from 2022).
Inside the BMP — all of the bundled article — both agree. So each span's offsets are read
both ways and checked against the ``text`` Label Studio saved with it; ``offsets`` forces
one reading for exports without that text.
"""

from __future__ import annotations

import json
from contextlib import suppress
from dataclasses import replace
from pathlib import Path
from typing import Any

from kg_builder.errors import Problem
from kg_builder.interchange.offsets import OffsetUnit, utf16_to_code_points
from kg_builder.interchange.tool_documents import ToolDocument, ToolEntity, ToolRelation


def read_label_studio(
    path: Path, *, text_key: str = "text", offsets: OffsetUnit = OffsetUnit.AUTO
) -> tuple[list[tuple[int | None, ToolDocument]], list[Problem]]:
    """Every task of an export as a tool document, with the task's id (name still to choose)."""
    problems: list[Problem] = []
    try:
        raw = path.read_text(encoding="utf-8")
        data = json.loads(raw)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        return [], [
            Problem(
                path, getattr(error, "lineno", None), f"not a Label Studio JSON export: {error}"
            )
        ]
    tasks = data if isinstance(data, list) else [data]
    documents: list[tuple[int | None, ToolDocument]] = []
    for number, task in enumerate(tasks, start=1):
        where = f"task {task.get('id', number)}" if isinstance(task, dict) else f"task {number}"
        text = task.get("data", {}).get(text_key) if isinstance(task, dict) else None
        if not isinstance(text, str):
            problems.append(
                Problem(
                    path,
                    None,
                    f"{where}: no text under data.{text_key}",
                    "name the text's key with --text-key",
                )
            )
            continue
        annotations = [a for a in task.get("annotations", []) if not a.get("was_cancelled")]
        if len(annotations) != 1:
            ids = ", ".join(str(a.get("id")) for a in annotations) or "none"
            problems.append(
                Problem(
                    path,
                    None,
                    f"{where}: {len(annotations)} annotations ({ids}); kg imports one per task",
                    "export the reviewed annotation only (or resolve them in Label Studio first)",
                )
            )
            continue
        reader = _TaskReader(path, raw, where, text, offsets)
        for result in annotations[0].get("result", []):
            reader.read(result)
        documents.append((task.get("id"), reader.document()))
        problems.extend(reader.problems)
    return documents, problems


class _TaskReader:
    """Reads the results of one task's annotation; per-span controls after the spans."""

    def __init__(self, path: Path, raw: str, where: str, text: str, offsets: OffsetUnit) -> None:
        self.path, self.raw, self.where, self.text, self.offsets = path, raw, where, text, offsets
        self.problems: list[Problem] = []
        self.entities: dict[str, ToolEntity] = {}
        self.failed: set[str] = set()  # spans already reported: what refers to them is not
        self.relations: list[ToolRelation] = []
        self.controls: list[dict[str, Any]] = []

    def problem(self, region: str | None, message: str, hint: str | None = None) -> None:
        line = self._line(region) if region else None
        self.problems.append(Problem(self.path, line, f"{self.where}: {message}", hint))

    def _line(self, region: str) -> int | None:
        """The line of the export where a region id first appears."""
        at = self.raw.find(json.dumps(region))
        return self.raw.count("\n", 0, at) + 1 if at != -1 else None

    def read(self, result: dict[str, Any]) -> None:
        kind = result.get("type")
        if kind == "labels":
            key = str(result.get("id"))
            spans = self._spans(key, result.get("value", {}))
            if spans is None:
                self.failed.add(key)
                return
            label = str(result["value"]["labels"][0])
            self.entities[key] = ToolEntity(key, label, (spans,), self._line(key))
        elif kind == "relation":
            self._relation(result)
        elif kind in ("choices", "textarea"):
            self.controls.append(result)
        else:
            self.problem(str(result.get("id")), f"results of type {kind!r} are not imported")

    def _relation(self, result: dict[str, Any]) -> None:
        labels = result.get("labels") or []
        direction = result.get("direction", "right")
        ends = (str(result.get("from_id")), str(result.get("to_id")))
        if direction == "left":
            ends = (ends[1], ends[0])
        if direction == "bi" or not labels:
            why = (
                "a two-way relation has no subject"
                if direction == "bi"
                else "a relation has no label"
            )
            hint = "give it a direction and a label in Label Studio"
            self.problem(ends[0], f"{why} ({ends[0]} – {ends[1]})", hint)
        elif not self.failed & set(ends):
            line = self._line(ends[0])
            self.relations += [ToolRelation(str(lb), ends[0], ends[1], line) for lb in labels]

    def document(self) -> ToolDocument:
        for result in self.controls:
            key, name = str(result.get("id")), str(result.get("from_name"))
            if key in self.failed:
                continue
            if key not in self.entities:
                self.problem(key, f"`{name}` is not about a span (id {key})")
                continue
            old, value = self.entities[key], result.get("value", {})
            if result["type"] == "choices":
                added = tuple((name, str(choice)) for choice in value.get("choices", []))
                self.entities[key] = replace(old, attributes=old.attributes + added)
            else:
                notes = tuple(str(t) for t in value.get("text", []))
                self.entities[key] = replace(old, notes=old.notes + notes)
        entities = tuple(self.entities.values())
        return ToolDocument("", self.text, self.path, entities, tuple(self.relations))

    def _spans(self, key: str, value: dict[str, Any]) -> tuple[int, int] | None:
        """The span's code-point offsets, however the export counted them."""
        start, end, saved = value.get("start"), value.get("end"), value.get("text")
        if (
            len(value.get("labels") or []) != 1
            or not isinstance(start, int)
            or not isinstance(end, int)
        ):
            self.problem(key, f"span {key}: needs start, end and exactly one label")
            return None
        readings = {OffsetUnit.CODE_POINTS: (start, end)}
        with suppress(ValueError):
            readings[OffsetUnit.UTF16] = (
                utf16_to_code_points(self.text, start),
                utf16_to_code_points(self.text, end),
            )
        chosen: tuple[int, int] | None
        if self.offsets is not OffsetUnit.AUTO:
            chosen = readings.get(self.offsets)
        elif saved is not None:
            chosen = next((r for r in readings.values() if self.text[r[0] : r[1]] == saved), None)
        elif len(set(readings.values())) == 1:
            chosen = readings[OffsetUnit.CODE_POINTS]
        else:
            self.problem(
                key,
                f"span {key}: offsets {start}–{end} read differently as code points and as "
                "UTF-16 (characters outside the BMP come before them), and the export saved "
                "no text to tell",
                "choose with --offsets code-points or --offsets utf-16",
            )
            return None
        if chosen is None or (saved is not None and self.text[chosen[0] : chosen[1]] != saved):
            shown = {unit.value: self.text[r[0] : r[1]] for unit, r in readings.items()}
            self.problem(
                key,
                f"span {key}: offsets {start}–{end} do not give its text {saved!r} (as code "
                f"points: {shown.get('code-points')!r}, as UTF-16: {shown.get('utf-16')!r})",
                "was the task's text changed after annotating?",
            )
            return None
        return chosen
