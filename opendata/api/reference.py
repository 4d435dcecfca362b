"""The API's reference, as its documentation page lists it: the OpenAPI schema drf-spectacular
generates (the one /api/schema/ serves), read into sections, operations, parameters, the fields
of each answer and the objects they contain.

The schema changes only with the code, so it is generated once per release
(``pagecache.release``) and process, in English, and never reads the database.
"""

import re
from dataclasses import dataclass, field
from functools import cache
from http import HTTPStatus

from django.conf import settings
from django.utils import translation
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.generators import SchemaGenerator

from pagecache.release import release

# What each section of the schema (its tags, opendata.api.schema.SECTIONS) is called here.
SECTION_TITLES = {
    "api": _("Entry point"),
    "roundtables": _("Round-tables"),
    "countries": _("Countries"),
    "actions": _("Actions"),
    "outcomes": _("Outcomes"),
    "findings": _("Findings"),
    "reflections": _("Reflections"),
    "regions": _("Regions"),
    "thematic-areas": _("Thematic areas"),
    "specific-areas": _("Specific areas"),
}
# Parameters in the order a reader needs them: in the address, after "?", in a header.
LOCATIONS = ("path", "query", "header")
LOCATION_NAMES = {"path": _("path"), "query": _("query"), "header": _("header")}
ENUM_LINE = re.compile(r"^\s*\* `([^`]*)` - (.*)$")
CODE = re.compile(r"``(.+?)``|`([^`]+)`")  # reStructuredText's ``code``, Markdown's `code`
REF = "#/components/schemas/"
# The fields of a page of a list (``pagination.Pages``); its items are under ``results``.
PAGE = {"count", "next", "previous", "results"}


@dataclass
class Type:
    """What a value is: ``label`` in words (safe HTML, linking to the objects it names)."""

    label: SafeString
    nullable: bool = False
    values: list = field(default_factory=list)  # (value, meaning) when only these are allowed
    pattern: str = ""


@dataclass
class Field:
    name: str
    type: Type
    description: SafeString


@dataclass
class Body:
    """An answer's JSON: its object's fields and, for a page of a list, those of each item."""

    name: str
    fields: list
    description: SafeString
    items: "Body | None" = None
    items_field: str = ""


@dataclass
class Parameter:
    name: str
    location: str
    type: Type
    required: bool
    description: SafeString
    comma_separated: bool = False

    @property
    def location_name(self):
        return LOCATION_NAMES.get(self.location, self.location)


@dataclass
class Status:
    code: str
    phrase: str
    description: SafeString
    body: str = ""  # the error object it sends, by name
    headers: list = field(default_factory=list)  # (name, description)


@dataclass
class Operation:
    id: str
    method: str
    path: str
    summary: str
    description: SafeString
    parameters: list
    body: Body | None
    statuses: list

    @property
    def breakable_path(self) -> SafeString:
        """The path, which a narrow screen may break after each slash."""
        return mark_safe(escape(self.path).replace("/", "/<wbr>"))

    @property
    def example_path(self) -> str:
        """The path with each of its parameters as a placeholder in capitals, to replace."""
        return re.sub(r"\{([^}]+)\}", lambda match: match[1].upper(), self.path)

    @property
    def placeholders(self) -> list:
        return [p for p in self.parameters if p.location == "path"]


@dataclass
class Section:
    name: str
    title: str
    description: SafeString
    operations: list


@dataclass
class Object:
    name: str
    description: SafeString
    fields: list


@dataclass
class Reference:
    description: SafeString
    licence: dict
    contact: dict
    sections: list
    objects: list  # the objects within answers, each documented once
    errors: list  # the objects errors answer with


def reference() -> Reference:
    """The reference of this release's API."""
    return _reference(release())


@cache
def _reference(release: str) -> Reference:
    with translation.override(settings.LANGUAGE_CODE):
        schema = SchemaGenerator().get_schema(request=None, public=True)
        return Reader(schema).reference()


def inline(text: str) -> SafeString:
    """A text of the schema on one line, with its `code` marked."""
    coded = CODE.sub(lambda m: f"<code>{m[1] or m[2]}</code>", escape(" ".join(text.split())))
    return mark_safe(coded)


def prose(text: str) -> SafeString:
    """A text of the schema as paragraphs, and lists where every line of a block is an item."""
    blocks = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = block.strip().splitlines()
        if not lines:
            continue
        if all(line.lstrip().startswith(("* ", "- ")) for line in lines):
            items = "".join(f"<li>{inline(line.lstrip()[2:])}</li>" for line in lines)
            blocks.append(f"<ul>{items}</ul>")
        else:
            blocks.append(f"<p>{inline(block)}</p>")
    return mark_safe("".join(blocks))


def meanings(text: str) -> dict:
    """The meaning of each allowed value, from the list drf-spectacular adds to a description
    ("* `held` - Held")."""
    return {m[1]: m[2] for line in text.splitlines() if (m := ENUM_LINE.match(line))}


def without_meanings(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not ENUM_LINE.match(line)).strip()


def anchor(name: str) -> str:
    return f"object-{name}"


class Reader:
    """Reads one schema; ``linked`` gathers the objects that fields refer to."""

    def __init__(self, schema: dict):
        self.schema = schema
        self.components = schema.get("components", {}).get("schemas", {})
        self.linked = []

    def reference(self) -> Reference:
        info = self.schema["info"]
        sections = self.sections()
        errors = self.error_objects(sections)
        objects = [name for name in self.all_linked() if name not in errors]
        return Reference(
            description=prose(info.get("description", "")),
            licence=info.get("license", {}),
            contact=info.get("contact", {}),
            sections=sections,
            objects=[self.object(name) for name in sorted(objects)],
            errors=[self.object(name) for name in errors],
        )

    def sections(self) -> list:
        tags = {tag["name"]: tag.get("description", "") for tag in self.schema.get("tags", [])}
        operations = {}
        for path, methods in self.schema["paths"].items():
            for method, operation in methods.items():
                tag = (operation.get("tags") or [""])[0]
                tags.setdefault(tag, "")
                operations.setdefault(tag, []).append(self.operation(path, method, operation))
        return [
            Section(
                name=tag,
                title=str(SECTION_TITLES.get(tag, tag.replace("-", " ").capitalize())),
                description=inline(description),
                operations=operations[tag],
            )
            for tag, description in tags.items()
            if tag in operations
        ]

    def operation(self, path, method, operation) -> Operation:
        parameters = [self.parameter(p) for p in operation.get("parameters", [])]
        parameters.sort(key=lambda p: self.order(path, p))
        responses = operation.get("responses", {})
        ok = responses.get("200", {}).get("content", {}).get("application/json", {})
        return Operation(
            id=operation.get("operationId", f"{method}-{path}"),
            method=method.upper(),
            path=path,
            summary=operation.get("summary", ""),
            description=prose(operation.get("description", "")),
            parameters=parameters,
            body=self.body(ok["schema"]) if "schema" in ok else None,
            statuses=[self.status(code, answer) for code, answer in responses.items()],
        )

    @staticmethod
    def order(path, parameter) -> tuple:
        """Where ``parameter`` goes (LOCATIONS), and a path's own in the order it names them."""
        place = LOCATIONS.index(parameter.location) if parameter.location in LOCATIONS else 9
        return place, path.find(f"{{{parameter.name}}}") if parameter.location == "path" else 0

    def parameter(self, parameter) -> Parameter:
        described = parameter.get("description", "")
        schema = parameter.get("schema", {})
        return Parameter(
            name=parameter["name"],
            location=parameter["in"],
            type=self.type(schema, described),
            required=parameter.get("required", False),
            description=inline(without_meanings(described)),
            comma_separated=schema.get("type") == "array" and parameter.get("explode") is False,
        )

    def status(self, code, answer) -> Status:
        schema = answer.get("content", {}).get("application/json", {}).get("schema", {})
        try:
            phrase = HTTPStatus(int(code)).phrase
        except ValueError:
            phrase = ""
        return Status(
            code=code,
            phrase=phrase,
            description=inline(answer.get("description", "")),
            body=self.name(schema["$ref"]) if "$ref" in schema and code != "200" else "",
            headers=[
                (name, inline(header.get("description", "")))
                for name, header in answer.get("headers", {}).items()
            ],
        )

    def body(self, schema) -> Body:
        """The fields of an answer; a page of a list shows those of its items too."""
        name = self.name(schema.get("$ref", ""))
        component = self.components.get(name, schema)
        fields = self.fields(component)
        properties = component.get("properties", {})
        paged = set(properties) >= PAGE and properties["results"].get("type") == "array"
        item = properties["results"].get("items", {}).get("$ref") if paged else None
        return Body(
            name=name,
            fields=fields,
            description=inline(component.get("description", "")),
            items=self.body({"$ref": item}) if item else None,
            items_field="results" if item else "",
        )

    def fields(self, component) -> list:
        return [
            Field(
                name=name,
                type=self.type(schema, schema.get("description", "")),
                description=inline(without_meanings(schema.get("description", ""))),
            )
            for name, schema in component.get("properties", {}).items()
        ]

    def object(self, name) -> Object:
        component = self.components[name]
        return Object(
            name=name,
            description=inline(component.get("description", "")),
            fields=self.fields(component),
        )

    def type(self, schema, description="") -> Type:
        """What ``schema`` allows, in words; the objects it names join ``linked``."""
        schema, nullable = self.unwrapped(schema)
        if "$ref" in schema:
            name = self.name(schema["$ref"])
            component = self.components.get(name, {})
            if "properties" in component or component.get("type") == "object":
                self.link(name)
                label = format_html('<a href="#{}">{}</a>', anchor(name), name)
                return Type(label=label, nullable=nullable)
            found = self.type(component, component.get("description", "") + "\n" + description)
            found.nullable = found.nullable or nullable
            return found
        options = schema.get("oneOf") or schema.get("anyOf")
        if options:  # more than one, null aside
            labels = [(self.type(option).label,) for option in options]
            return Type(label=format_html_join(gettext(" or "), "{}", labels), nullable=nullable)
        types = schema.get("type", "")
        if isinstance(types, list):
            nullable = nullable or "null" in types
            types = next((t for t in types if t != "null"), "")
        if types == "array":
            items = self.type(schema.get("items", {}), description)
            label = format_html(gettext("array of {}"), items.label)
            return Type(label=label, nullable=nullable, values=items.values, pattern=items.pattern)
        if types == "object" and isinstance(schema.get("additionalProperties"), dict):
            values = self.type(schema["additionalProperties"])
            label = format_html(gettext("object of {}, by key"), values.label)
            return Type(label=label, nullable=nullable)
        label = escape(types or gettext("any"))
        if schema.get("format"):
            label = format_html("{} ({})", label, schema["format"])
        explained = meanings(description)
        values = [(v, explained.get(str(v), "")) for v in schema.get("enum", []) if v is not None]
        return Type(
            label=mark_safe(label),
            nullable=nullable or None in schema.get("enum", []),
            values=values,
            pattern=schema.get("pattern", ""),
        )

    def unwrapped(self, schema) -> tuple:
        """``schema`` without what only wraps it (allOf of one, oneOf with null), and whether
        it may be null."""
        nullable = False
        if len(schema.get("allOf", [])) == 1:
            schema = {**schema, **schema["allOf"][0]}
        for key in ("oneOf", "anyOf"):
            if key in schema:
                options = [o for o in schema[key] if not self.is_null(o)]
                nullable = len(options) < len(schema[key])
                schema = options[0] if len(options) == 1 else {**schema, key: options}
        return schema, nullable

    def is_null(self, schema) -> bool:
        if "$ref" in schema:
            schema = self.components.get(self.name(schema["$ref"]), {})
        return schema.get("type") == "null"

    def name(self, ref: str) -> str:
        return ref.removeprefix(REF)

    def link(self, name):
        if name not in self.linked:
            self.linked.append(name)

    def all_linked(self) -> list:
        """Every object named by a field, and by the fields of those, down to the last."""
        done = 0
        while done < len(self.linked):
            self.fields(self.components[self.linked[done]])
            done += 1
        return list(self.linked)

    def error_objects(self, sections) -> list:
        """The objects the errors answer with, in the order they first appear."""
        found = []
        for section in sections:
            for operation in section.operations:
                for status in operation.statuses:
                    if status.body and status.body not in found:
                        found.append(status.body)
                        self.fields(self.components[status.body])
        return found
