"""Every file `kg viz` writes is there and parses as what it claims to be.

The files come from one run of the command on a copy of the bundled project (the
``viz_project`` fixture); the browser tests in ``test_pages_browser.py`` open the same pages.
"""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kg_builder.cli import main
from kg_builder.errors import ViewError
from kg_builder.visualize import pages, pictures
from kg_builder.visualize.views import OUTPUTS

CJK = re.compile(r"[\u4e00-\u9fff]")
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def dist(viz_project: Path) -> Path:
    return viz_project / "dist"


@pytest.fixture(scope="module")
def node_link(dist: Path) -> nx.MultiDiGraph:
    data = json.loads((dist / "graph.json").read_text(encoding="utf-8"))
    return nx.node_link_graph(data, edges="edges")


def test_every_output_is_written_and_documented(dist: Path) -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    for name in OUTPUTS:
        assert (dist / name).is_file(), name
        assert (dist / name).stat().st_size > 1000, name
        assert f"`dist/{name}`" in readme, f"README does not describe dist/{name}"


@pytest.mark.parametrize("name", ["graph.graphml", "graph.gexf"])
def test_graph_tool_exports_read_back_as_the_projection(
    dist: Path, node_link: nx.MultiDiGraph, name: str
) -> None:
    reader = nx.read_graphml if name.endswith("graphml") else nx.read_gexf
    network = reader(io.BytesIO((dist / name).read_bytes()))
    assert network.number_of_nodes() == node_link.number_of_nodes() == 293
    assert network.number_of_edges() == node_link.number_of_edges()
    bainang = "https://w3id.org/kg-builder/luzang/county/bainang"
    assert network.nodes[bainang]["label_zh"] == "白朗县"
    assert network.nodes[bainang]["class"] == "County"
    weights = sorted(
        d["weight"] for *_, d in network.edges(data=True) if d.get("property") == "funding"
    )
    expected = sorted(
        d["weight"] for *_, d in node_link.edges(data=True) if d["property"] == "funding"
    )
    assert weights == expected
    assert len(weights) == 12  # 11 flows, one with two recipients


@pytest.mark.parametrize("name", ["graph.svg", "funding-sankey.svg", "funding-bars.svg"])
def test_svg_keeps_chinese_labels_as_text(dist: Path, name: str) -> None:
    root = ET.parse(dist / name).getroot()
    assert root.tag == f"{SVG}svg"
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    chinese = [t for t in texts if CJK.search(t)]
    assert len(chinese) >= 5, texts[:20]
    if name == "graph.svg":
        assert {"白朗县", "济南市", "青岛市第十批援藏干部人才工作组"} <= set(chinese)


@pytest.mark.parametrize("name", ["graph.png", "funding-sankey.png", "funding-bars.png"])
def test_png_pictures_are_pngs(dist: Path, name: str) -> None:
    content = (dist / name).read_bytes()
    assert content.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(content[16:20], "big"), int.from_bytes(content[20:24], "big")
    assert width >= 1000
    assert height >= 500


class _Sources(HTMLParser):
    """Every URL a page would load: script and image sources, stylesheet links."""

    def __init__(self) -> None:
        super().__init__()
        self.loaded: list[str] = []
        self.scripts = 0
        self.policy = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.scripts += tag == "script"
        if tag in ("script", "img", "iframe", "source", "audio", "video") and values.get("src"):
            self.loaded.append(values["src"] or "")
        if tag == "link" and values.get("href"):
            self.loaded.append(values["href"] or "")
        if tag == "meta" and values.get("http-equiv") == "Content-Security-Policy":
            self.policy = values.get("content") or ""


@pytest.mark.parametrize("name", ["graph.html", "funding.html"])
def test_pages_load_nothing_from_elsewhere(dist: Path, name: str) -> None:
    page = (dist / name).read_text(encoding="utf-8")
    parser = _Sources()
    parser.feed(page)
    assert parser.loaded == []
    assert parser.scripts == 3  # the data, the inlined library, the page's own
    assert "default-src 'none'" in parser.policy
    # plotly.js holds link texts such as href="https://plotly.com/" for its logo, never loaded
    markup = re.sub(r"<script\b[^>]*>.*?</script>", "", page, flags=re.DOTALL | re.IGNORECASE)
    assert not re.search(r"""(src|href)\s*=\s*["']?https?://""", markup, re.IGNORECASE)
    assert "sourceMappingURL" not in page


def test_graph_page_embeds_every_node_and_its_quotes(
    dist: Path, node_link: nx.MultiDiGraph
) -> None:
    page = (dist / "graph.html").read_text(encoding="utf-8")
    embedded = re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', page, re.S)
    assert embedded
    data = json.loads(embedded[1])
    assert len(data["nodes"]) == node_link.number_of_nodes()
    assert len(data["edges"]) == node_link.number_of_edges()
    assert [c["label_zh"] for c in data["cities"]] == [
        "济南市",
        "淄博市",
        "潍坊市",
        "烟台市",
        "青岛市",
    ]
    quoted = {node["id"] for node in data["nodes"]} & set(data["quotes"])
    assert len(quoted) == len(data["nodes"])  # every resource has a passage behind it
    assert "* vis-network" in page  # the inlined library keeps its licence header


def test_funding_page_lists_every_flow(dist: Path) -> None:
    page = (dist / "funding.html").read_text(encoding="utf-8")
    embedded = re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', page, re.S)
    assert embedded
    data = json.loads(embedded[1])
    assert len(data["flows"]) == 11
    sankey = data["figures"]["sankey_zh"]["data"]
    # each flow is two bands: funder -> recipient and recipient -> category
    assert sum(len(trace["link"]["value"]) for trace in sankey) == 22
    amounts = {flow["amount"]["zh"] for flow in data["flows"] if flow["approximate"]}
    assert amounts == {"600 余万元", "近 900 万元", "300 余万元", "260 余万元"}


def test_metrics_report(dist: Path) -> None:
    report = (dist / "graph-metrics.md").read_text(encoding="utf-8")
    assert report.startswith("# 图谱指标")
    assert "节点: 293" in report
    degree = report.split("## 度中心性前十")[1].split("##")[0]
    assert len(re.findall(r"^\| \d+ \|", degree, re.MULTILINE)) == 10
    assert "日喀则市" in report.split("## 介数中心性前十")[1]
    assert "## 连接多个工作组的地方和企业" in report


def test_a_bad_focus_exits_2_and_writes_nothing(viz_project: Path) -> None:
    before = {p: p.stat().st_mtime_ns for p in (viz_project / "dist").iterdir()}
    result = CliRunner().invoke(main, ["--project", str(viz_project), "viz", "--focus", "白浪县"])
    assert result.exit_code == 2
    assert "focus «白浪县» names no resource" in result.output
    assert "did you mean «白朗县»" in result.output
    assert {p: p.stat().st_mtime_ns for p in (viz_project / "dist").iterdir()} == before


def test_missing_cjk_font_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pictures, "CJK_FONTS", ("No Such Font",))
    with pytest.raises(ViewError, match="fonts-noto-cjk"):
        pictures.find_cjk_font()


def test_missing_vis_network_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pages, "VIS_NETWORK", "vendor/not-there.js")
    with pytest.raises(ViewError, match="run scripts/setup"):
        pages._vis_network()
