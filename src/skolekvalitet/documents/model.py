"""A small document model built from plain data; the renderers turn it into HTML, PDF and DOCX.
Used for development plans now and for the status report later."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    level: int  # 1–3
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Table:
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class RichText:
    """HTML written by a person, already sanitised (reporting.narratives.clean)."""

    html: str


@dataclass(frozen=True)
class Chart:
    """An SVG chart (documents.charts) with its text alternative; a Table with the same data
    always follows it."""

    svg: str
    alt: str


Block = Heading | Paragraph | Table | RichText | Chart


@dataclass
class Document:
    title: str
    language: str  # nb, nn or en
    subtitle: str = ""
    blocks: list[Block] = field(default_factory=list)

    def add(self, block: Block) -> None:
        self.blocks.append(block)
