// The funding page: plotly.js draws the Sankey and the bar chart embedded in #kg-data
// (one figure per language); the table lists every flow with the passage that states it.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("kg-data").textContent);
  const UI = {
    zh: {
      title: "对口支援资金流向", language: "English", table: "全部资金流",
      explain: "金额按原文换算为万元；“余”“近”“约”表示原文是约数，斜体。",
      flow: "资金流", funder: "出资方", recipient: "受援方", category: "资金类别", amount: "金额",
      year: "年份", quote: "原文", approximate: "约数",
    },
    en: {
      title: "Paired-assistance funding flows", language: "中文", table: "Every funding flow",
      explain: "Amounts as the text gives them, in units of 10 000 yuan; over / nearly / about (italic) mark the text's approximate figures.",
      flow: "Flow", funder: "Funder", recipient: "Recipient", category: "Category", amount: "Amount",
      year: "Year", quote: "Source passage", approximate: "approximate",
    },
  };
  let lang = data.language;
  const text = (key) => UI[lang][key];
  const pick = (texts) => texts[lang] || texts.zh;
  const config = { displaylogo: false, responsive: false, modeBarButtonsToRemove: ["sendDataToCloud"] };
  window.kgFunding = { ready: false, setLanguage };

  function cell(content, className) {
    const td = document.createElement("td");
    td.textContent = content;
    if (className) td.className = className;
    return td;
  }
  function drawTable() {
    const body = document.querySelector("#flows tbody");
    body.replaceChildren();
    for (const flow of data.flows) {
      const tr = document.createElement("tr");
      tr.dataset.flow = flow.flow;
      if (flow.approximate) tr.className = "approximate";
      const quote = flow.quotes.map((q) => `${q.exact} [${q.start}, ${q.end})`).join("\n");
      tr.append(cell(pick(flow.label)), cell(pick(flow.funders)), cell(pick(flow.recipients)),
        cell(pick(flow.category)), cell(pick(flow.amount), "amount"), cell(flow.year), cell(quote));
      if (flow.approximate) {
        const mark = document.createElement("span");
        mark.className = "approximate-mark";
        mark.textContent = ` (${text("approximate")})`;
        tr.children[4].append(mark);
      }
      body.append(tr);
    }
  }
  function setLanguage(next) {
    lang = next;
    document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
    for (const node of document.querySelectorAll("[data-text]")) node.textContent = text(node.dataset.text);
    document.getElementById("language").textContent = text("language");
    document.title = text("title");
    drawTable();
    return Promise.all(["sankey", "bars"].map((name) => {
      const figure = data.figures[name + "_" + lang];
      return Plotly.react(name, figure.data, figure.layout, config);
    }));
  }
  document.getElementById("language").addEventListener("click", () => setLanguage(lang === "zh" ? "en" : "zh"));
  setLanguage(lang).then(() => { window.kgFunding.ready = true; });
})();
