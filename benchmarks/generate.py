"""A synthetic corpus shaped like the real one, at any size, for the benchmarks.

Every document is **invented** (its title says so): a short report, in Chinese, on one aid
team of a Shandong city in a county of Shigatse — its township and villages, a project, an
enterprise it brought in, the money that went there and a quantity the project reached.
The text carries the artifacts of PDF extraction that the real article has (hard line
breaks inside words, blank lines, spaces inside numbers: ``4 . 8 万公斤``), and every quote
of its annotation file stands exactly once in it (checked here with the loader's own
anchoring). Amounts come with the qualifiers the articles use (余, 多, 近, 约, 逾, 左右).

Document ``gazetteer`` defines the places and cities every other document refers to: the
provinces, the prefecture, eight sending cities and the eighteen counties of Shigatse with
their pairings (the pairings of the five cities of the real article are real, the others
invented). Ids are unique across the corpus; the graph conforms to ``ontology/shapes.ttl``.

The same seed and size give the same files, byte for byte::

    python benchmarks/generate.py 1000 benchmarks/corpora/1000
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GAZETTEER = "gazetteer"
BASE = "https://w3id.org/kg-builder/synthetic/"

PROVINCES = (("shandong", "山东省", "Shandong Province"), ("tibet", "西藏自治区", "Tibet"))
CITIES = (  # id, Chinese, English, the counties it is paired with
    ("jinan", "济南市", "Jinan", ("bainang", "kangmar")),
    ("qingdao", "青岛市", "Qingdao", ("samzhubze", "gamba")),
    ("zibo", "淄博市", "Zibo", ("ngamring", "rinbung")),
    ("yantai", "烟台市", "Yantai", ("lhatse", "dinggye")),
    ("weifang", "潍坊市", "Weifang", ("xaitongmoin", "yadong")),
    ("taian", "泰安市", "Tai'an", ("namling", "gyangze")),
    ("weihai", "威海市", "Weihai", ("tingri", "saga", "nyalam")),
    ("rizhao", "日照市", "Rizhao", ("sakya", "zhongba", "gyirong")),
)
COUNTIES = {
    "samzhubze": ("桑珠孜区", "Samzhubze District"),
    "namling": ("南木林县", "Namling County"),
    "gyangze": ("江孜县", "Gyangze County"),
    "tingri": ("定日县", "Tingri County"),
    "sakya": ("萨迦县", "Sakya County"),
    "lhatse": ("拉孜县", "Lhatse County"),
    "ngamring": ("昂仁县", "Ngamring County"),
    "xaitongmoin": ("谢通门县", "Xaitongmoin County"),
    "bainang": ("白朗县", "Bainang County"),
    "rinbung": ("仁布县", "Rinbung County"),
    "kangmar": ("康马县", "Kangmar County"),
    "dinggye": ("定结县", "Dinggye County"),
    "zhongba": ("仲巴县", "Zhongba County"),
    "yadong": ("亚东县", "Yadong County"),
    "gyirong": ("吉隆县", "Gyirong County"),
    "nyalam": ("聂拉木县", "Nyalam County"),
    "saga": ("萨嘎县", "Saga County"),
    "gamba": ("岗巴县", "Gamba County"),
}
SYLLABLES = tuple("达嘎岗琼曲扎卡杰拉布堆措孜雄热东吉德仁多则林朗巴让觉乃宗木普")
SYLLABLES_EN = dict(
    zip(
        SYLLABLES,
        (
            *("da", "ga", "gang", "qiong", "qu", "zha", "ka", "jie", "la", "bu", "dui", "cuo"),
            *("zi", "xiong", "re", "dong", "ji", "de", "ren", "duo", "ze", "lin", "lang", "ba"),
            *("rang", "jue", "nai", "zong", "mu", "pu"),
        ),
        strict=True,
    )
)
PRODUCTS = (  # Chinese, English, project category, enterprise trade
    ("青稞", "highland barley", "industry", "农业"),
    ("藏香猪", "Tibetan pig", "industry", "养殖"),
    ("蔬菜大棚", "vegetable greenhouse", "rural-revitalization", "农业"),
    ("光伏电站", "solar plant", "industry", "能源"),
    ("饮水工程", "drinking water", "livelihood", "建设"),
    ("卫生院", "health centre", "health", "医疗"),
    ("幼儿园", "kindergarten", "education", "教育"),
    ("牦牛育肥", "yak fattening", "industry", "畜牧"),
)
NUMERALS = "一二三四五六七八九十"
QUALIFIED_AMOUNTS = (  # how the text writes an amount of 万元; {n} is the number
    ("{n} 万元", 1),
    ("{n} 余万元", 1),
    ("{n} 多万元", 1),
    ("近 {n} 万元", 1),
    ("约 {n} 万元", 1),
    ("逾 {n} 万元", 1),
    ("{n} 万元左右", 1),
)
CATEGORIES = ("aid-funds", "investment", "donation", "aid-funds")
INDICATORS = (  # text of the quantity ({n}: a number), indicator kind, what it counts
    ("{n} 万公斤", "harvest", "产量"),
    ("{n} 多人次", "people-trained", "培训人次"),
    ("{n} 余亩", "other", "种植面积"),
)


@dataclass
class Document:
    """One invented document: its verbatim text and its annotation items as YAML text."""

    id: str
    title: tuple[str, str]
    issued: int
    sentences: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)

    def say(self, sentence: str) -> str:
        """Add a sentence to the text; returns it, to be quoted."""
        self.sentences.append(sentence)
        return sentence

    def item(self, lines: list[str]) -> None:
        self.items.append(
            "\n".join(f"    {line}" if i else f"  - {line}" for i, line in enumerate(lines))
        )


def q(text: str) -> str:
    """A YAML string that means exactly ``text`` (JSON strings are YAML)."""
    return json.dumps(text, ensure_ascii=False)


def label(zh: str, en: str) -> str:
    return f"label: {{zh: {q(zh)}, en: {q(en)}}}"


def chinese_number(n: int) -> str:
    """1..99 in Chinese numerals: 第七批, 第十二批."""
    tens, ones = divmod(n, 10)
    return (
        (NUMERALS[tens - 1] if tens > 1 else "")
        + ("十" if tens else "")
        + (NUMERALS[ones - 1] if ones else "")
    )


def gazetteer() -> Document:
    doc = Document(
        GAZETTEER,
        (
            "虚构测试文献：山东省对口支援日喀则市县区一览",
            "Invented test document: the pairings of Shandong and Shigatse",
        ),
        2016,
    )
    doc.say("本文为基准测试虚构的文献。")
    for pid, zh, en in PROVINCES:
        quote = doc.say(f"{zh}是本文所述对口支援工作的一方。")
        doc.item([f"id: {pid}", "type: Province", label(zh, en), f"quote: {q(quote)}"])
    quote = doc.say("日喀则市隶属西藏自治区，下辖十八个县区。")
    doc.item(
        [
            "id: shigatse",
            "type: Prefecture",
            label("日喀则市", "Shigatse"),
            f"quote: {q(quote)}",
            "locatedIn: tibet",
        ]
    )
    for cid, zh, en, counties in CITIES:
        names = "、".join(COUNTIES[c][0] for c in counties)
        quote = doc.say(f"{zh}对口支援{names}。")
        lines = [
            f"id: {cid}",
            "type: City",
            label(zh, en),
            f"quote: {q(quote)}",
            "locatedIn: shandong",
        ]
        lines.append(f"pairedWith: [{', '.join(counties)}]")
        doc.item(lines)
    for kid, (zh, en) in COUNTIES.items():
        quote = doc.say(f"{zh}是日喀则市的县级行政区。")
        doc.item(
            [
                f"id: {kid}",
                "type: County",
                label(zh, en),
                f"quote: {q(quote)}",
                "locatedIn: shigatse",
            ]
        )
    return doc


def report(number: int, rng: random.Random) -> Document:
    """The invented report number ``number``: a team, its township, project, money."""
    did = f"report-{number:05d}"
    cid, city, city_en, counties = rng.choice(CITIES)
    kid = rng.choice(counties)
    county, county_en = COUNTIES[kid]
    batch = rng.randint(1, 12)
    year = rng.randint(2016, 2024)
    month = rng.randint(1, 12)
    members = rng.randint(8, 40)
    town = rng.choice(SYLLABLES) + rng.choice(SYLLABLES)
    town_en = "".join(SYLLABLES_EN[s] for s in town).capitalize()
    village = town[0] + rng.choice(SYLLABLES)
    village_en = "".join(SYLLABLES_EN[s] for s in village).capitalize()
    product, product_en, category, trade = rng.choice(PRODUCTS)
    doc = Document(
        did,
        (
            f"虚构测试文献第 {number} 号：{city}援藏工作组在{county}",
            f"Invented test report {number}: the {city_en} team in {county_en}",
        ),
        year,
    )
    p = f"{did}-"
    team = f"{city}第{chinese_number(batch)}批援藏工作组"
    doc.say(f"本文为基准测试虚构的第 {number} 号报道。")
    quote = doc.say(f"{year}年{month}月，{team}{members}名队员到达{county}。")
    team_lines = [
        f"id: {p}team",
        "type: Team",
        label(team, f"{city_en} aid team, batch {batch}"),
        f"quote: {q(quote)}",
        f"sentBy: {cid}",
        f"stationedIn: {kid}",
        f"batch: 第{chinese_number(batch)}批",
        f"memberCount: {members} 名",
        f"arrivalDate: {year}-{month:02d}",
    ]
    quote = doc.say(f"{town}乡位于{county}，是工作组的联系点。")
    doc.item(
        [
            f"id: {p}township",
            "type: Township",
            label(f"{town}乡", f"{town_en} Township"),
            f"quote: {q(quote)}",
            f"locatedIn: {kid}",
        ]
    )
    location = f"{p}township"
    if number % 2 == 0:
        quote = doc.say(f"{village}村隶属{town}乡。")
        doc.item(
            [
                f"id: {p}village",
                "type: Village",
                label(f"{village}村", f"{village_en} Village"),
                f"quote: {q(quote)}",
                f"locatedIn: {p}township",
            ]
        )
        location = f"{p}village"
    project = f"{town}乡{product}项目"
    status = rng.choice(("planned", "signed", "under-construction", "completed"))
    quote = doc.say(f"工作组在{town}乡实施{product}项目，带动群众增收。")
    doc.item(
        [
            f"id: {p}project",
            "type: Project",
            label(project, f"{town_en} {product_en} project"),
            f"quote: {q(quote)}",
            f"locatedIn: {location}",
            f"implementedBy: {p}team",
            f"projectCategory: {category}",
            f"status: {status}",
            f"year: {year}",
        ]
    )
    if number % 3 == 0:
        firm = f"{city[:-1]}{town}{trade}有限公司"
        quote = doc.say(f"工作组引进{firm}落户{town}乡。")
        doc.item(
            [
                f"id: {p}enterprise",
                "type: Enterprise",
                label(firm, f"{city_en} {town_en} {product_en} Co."),
                f"quote: {q(quote)}",
                f"locatedIn: {p}township",
            ]
        )
        team_lines.append(f"introduced: {p}enterprise")
    how = f"文中说工作组到达{county}开展工作 | the text says the team arrived in {county_en}"
    team_lines.append(f"inferred:\n      stationedIn: {q(how)}")
    doc.item(team_lines)
    form, _ = rng.choice(QUALIFIED_AMOUNTS)
    amount = form.format(n=f"{rng.randint(1, 99) * 10 + rng.randint(1, 9)}")
    fund = rng.choice(CATEGORIES)
    quote = doc.say(f"{year}年，{city}为{project}投入资金{amount}，用于项目建设。")
    doc.item(
        [
            f"id: {p}funds",
            "type: FundingFlow",
            label(
                f"{city}{year}年{project}资金", f"{city_en} funds for the {town_en} project {year}"
            ),
            f"quote: {q(quote)}",
            f"funder: {cid}",
            f"recipient: {p}project",
            f"amount: {amount}",
            f"year: {year}",
            f"fundingCategory: {fund}",
        ]
    )
    if number % 2 == 0:
        return doc
    form, kind, what = rng.choice(INDICATORS)
    whole, tenth = rng.randint(1, 99), rng.randint(1, 9)
    value = form.format(n=f"{whole}.{tenth}" if "万" in form else f"{whole * 10}")
    quote = doc.say(f"项目{what}达到{value}，受到群众欢迎。")
    doc.item(
        [
            f"id: {p}indicator",
            "type: Indicator",
            label(f"{project}{what}", f"{town_en} {product_en} project {kind}"),
            f"quote: {q(quote)}",
            f"value: {value}",
            f"indicatorOf: {p}project",
            f"indicatorKind: {kind}",
            f"year: {year}",
        ]
    )
    return doc


def pdf_text(sentences: list[str], rng: random.Random) -> str:
    """The sentences as a PDF extraction gives them: lines broken anywhere (inside words
    too), blank lines between some of them, spaces around the dot of a decimal number."""
    text = "".join(sentences).replace(".", " . ")
    lines, line = [], ""
    for ch in text:
        line += ch
        if len(line) >= rng.randint(18, 34):
            lines.append(line)
            line = ""
    lines.append(line)
    out = []
    for line in lines:
        out.append(line)
        out.append("\n\n" if rng.random() < 0.2 else "\n")
    return "".join(out)


def write_document(doc: Document, rng: random.Random, project: Path) -> None:
    from kg_builder.text import SourceText

    text = pdf_text(doc.sentences, rng)
    source = SourceText(text)
    for sentence in doc.sentences[1:]:
        source.anchor(sentence)  # exactly once, or this raises: the generator is wrong
    data = text.encode("utf-8")
    sources = project / "data" / "sources"
    (sources / f"{doc.id}.txt").write_bytes(data)
    zh, en = doc.title
    (sources / f"{doc.id}.meta.yaml").write_text(
        f"# INVENTED for the benchmarks (benchmarks/generate.py): not a real document\n"
        f"title: {{zh: {zh}, en: {json.dumps(en)}}}\nlanguage: zh\n"
        f"sha256: {hashlib.sha256(data).hexdigest()}\nissued: {doc.issued}\n"
        "genre: invented-benchmark\n",
        encoding="utf-8",
    )
    (project / "data" / "annotations" / f"{doc.id}.yaml").write_text(
        f"# INVENTED for the benchmarks (benchmarks/generate.py): not a real document\n"
        f"source: {doc.id}\nitems:\n" + "\n".join(doc.items) + "\n",
        encoding="utf-8",
    )


def documents(count: int, seed: int) -> Iterator[tuple[Document, random.Random]]:
    """The gazetteer, then ``count - 1`` reports, each with its own seeded generator (so
    that document N is the same whatever the size of the corpus)."""
    yield gazetteer(), random.Random(f"{seed}-{GAZETTEER}")
    for number in range(1, count):
        rng = random.Random(f"{seed}-{number}")
        yield report(number, rng), rng


def generate_corpus(project: Path, count: int, *, seed: int = 6) -> Path:
    """Write a project of ``count`` documents (configuration, sources, annotations) into
    ``project``, using the ontology and queries of this repository."""
    for folder in ("data/sources", "data/annotations"):
        (project / folder).mkdir(parents=True, exist_ok=True)
    (project / "pyproject.toml").write_text(
        "# A synthetic corpus of INVENTED documents (benchmarks/generate.py)\n"
        "[tool.kg_builder]\n"
        f'base = "{BASE}"\n'
        f"ontology = {json.dumps(str(ROOT / 'ontology'))}\n"
        f"queries = {json.dumps(str(ROOT / 'queries'))}\n",
        encoding="utf-8",
    )
    for doc, rng in documents(count, seed):
        write_document(doc, rng, project)
    return project


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("documents", type=int, help="how many documents (the gazetteer included)")
    parser.add_argument("folder", type=Path, help="the project folder to write")
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args(argv)
    generate_corpus(args.folder, args.documents, seed=args.seed)
    print(f"wrote {args.documents} documents into {args.folder}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
