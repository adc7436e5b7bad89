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
    key: str = ""  # what the table shows, for a reader of the stored document ("nt5_reading:5")


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


@dataclass(frozen=True)
class Cover:
    """The front page: the title and a few labelled facts (owner, year, status, date)."""

    title: str
    facts: tuple[tuple[str, str], ...]
    subtitle: str = ""


@dataclass(frozen=True)
class Contents:
    """The table of contents: the renderers list the document's level-1 headings."""

    title: str


@dataclass(frozen=True)
class Group:
    """A chart and its table, kept together when printed: a short one whole on one page, a long
    one with the chart and the table's first rows on one page (documents.render)."""

    blocks: tuple["Heading | Paragraph | Table | RichText | Chart", ...]


Block = Heading | Paragraph | Table | RichText | Chart | Cover | Contents | Group


@dataclass
class Document:
    title: str
    language: str  # nb, nn or en
    subtitle: str = ""
    blocks: list[Block] = field(default_factory=list)
    author: str = ""  # who the document is from (the school owner), for the file's properties

    def add(self, block: Block) -> None:
        self.blocks.append(block)

    def flat(self) -> list[Block]:
        """The blocks with every group opened, in order."""
        return [
            b
            for block in self.blocks
            for b in (block.blocks if isinstance(block, Group) else (block,))
        ]

    def chapters(self) -> list[str]:
        """The level-1 headings, for the table of contents."""
        return [b.text for b in self.flat() if isinstance(b, Heading) and b.level == 1]
