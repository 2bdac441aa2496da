// A persistent peer renderer for bench/bench_card.py: one JSON card per stdin line, one JSON
// answer per stdout line ({"bytes": N}). Fonts are loaded once, as a server would.
// Usage: node render.mjs takumi|satori FONT_REGULAR FONT_BOLD
import fs from "node:fs";
import readline from "node:readline";

const [engine, regular, bold] = process.argv.slice(2);
const fonts = [[regular, 400], [bold, 700]].map(([p, weight]) => ({ p, weight, data: fs.readFileSync(p) }));

// The same card as bench_build.py's HTML: brand line, a cream panel with a category pill,
// the question and the answer, on the brand's dark green.
function tree(c) {
  const el = (type, style, children) => ({ type, props: { style, children } });
  const pad = Math.round(c.w * 0.06);
  return el("div", { display: "flex", width: c.w, height: c.h, background: "#1D4E4A",
                     fontFamily: "Noto Sans", position: "relative" }, [
    el("div", { position: "absolute", left: c.w * 0.05, top: c.h * 0.03, color: "#fff",
                fontSize: 32, fontWeight: 700 }, "Kettle & Co."),
    el("div", { position: "absolute", left: c.w * 0.05, top: c.h * 0.12, width: c.w * 0.9,
                height: c.h * 0.76, boxSizing: "border-box", background: "#FBF6EE", borderRadius: 36, padding: pad,
                display: "flex", flexDirection: "column", justifyContent: "center", gap: 26 }, [
      el("div", { display: "flex", alignSelf: "flex-start", background: "#E9A23B", borderRadius: 99,
                  padding: "8px 22px", fontSize: 26, fontWeight: 700 }, c.cat.toUpperCase()),
      el("div", { display: "flex", color: "#1D4E4A", fontSize: 64, fontWeight: 700, lineHeight: 1.15 }, c.q),
      el("div", { display: "flex", color: "#1E1E1E", fontSize: 38, fontWeight: 400, lineHeight: 1.35 }, c.a),
    ]),
  ]);
}

let render;
if (engine === "takumi") {
  const { Renderer } = await import("@takumi-rs/core");
  const r = new Renderer();
  for (const f of fonts) await r.registerFont({ name: "Noto Sans", data: f.data, weight: f.weight });
  const toTakumi = (n) => typeof n === "string" ? { type: "text", text: n, style: {} } : {
    type: "container", style: n.props.style,
    children: [].concat(n.props.children).map((k) => typeof k === "string" ? { type: "text", text: k } : toTakumi(k)),
  };
  render = async (c) => r.render(toTakumi(tree(c)), { width: c.w, height: c.h, format: "png" });
} else if (engine === "satori") {
  const satori = (await import("satori")).default;
  const { Resvg } = await import("@resvg/resvg-js");
  const sf = fonts.map((f) => ({ name: "Noto Sans", data: f.data, weight: f.weight, style: "normal" }));
  render = async (c) => {
    const svg = await satori(tree(c), { width: c.w, height: c.h, fonts: sf });
    return new Resvg(svg, { fitTo: { mode: "original" } }).render().asPng();
  };
} else {
  console.error(`render.mjs: unknown engine ${engine}; use takumi or satori`);
  process.exit(2);
}

const rl = readline.createInterface({ input: process.stdin });
for await (const line of rl) {
  const card = JSON.parse(line);
  const png = await render(card);
  if (card.save) fs.writeFileSync(card.save, png);
  process.stdout.write(JSON.stringify({ bytes: png.length }) + "\n");
}
