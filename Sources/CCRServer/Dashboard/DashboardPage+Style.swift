extension DashboardPage {
    /// The page's CSS: system fonts, severity colours, a two-column board that fits 1280×760.
    static let style: String = #"""
  :root {
    --bg: #f3f4f6; --panel: #ffffff; --line: #e2e5ea; --text: #1f2328; --muted: #656d76;
    --accent: #2f5fb3; --good: #1a7f37; --fair: #9a6700; --poor: #cf222e;
    --critical: #cf222e; --warning: #b7791f; --info: #4a6fa5;
  }
  * { box-sizing: border-box; }
  html, body { margin: 0; height: 100%; }
  body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
         background: var(--bg); color: var(--text); display: flex; flex-direction: column; }
  [hidden] { display: none !important; }
  button { font: inherit; cursor: pointer; border: 1px solid var(--line); background: #fff; color: var(--text);
           border-radius: 6px; padding: 3px 10px; }
  button:hover { background: #f6f8fa; }
  button:disabled { cursor: default; opacity: .6; }
  h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin: 0 0 8px; }
  h3 { font-size: 13px; margin: 14px 0 6px; }
  .muted { color: var(--muted); }
  .num { font-variant-numeric: tabular-nums; }

  header { display: flex; align-items: center; gap: 14px; min-height: 48px; padding: 8px 18px; background: #1f2937; color: #f9fafb; }
  header h1 { font-size: 17px; margin: 0; font-weight: 600; display: flex; align-items: center; gap: 8px; }
  header .spacer { flex: 1; }
  #status { font-size: 12px; padding: 2px 10px; border-radius: 999px; background: #4b5563; color: #fff; }
  #status::before { content: ""; display: inline-block; width: 8px; height: 8px; border-radius: 50%;
                    background: currentColor; margin-right: 6px; vertical-align: 0; opacity: .9; }
  #status[data-state="live"] { background: #1a7f37; }
  #status[data-state="connecting"], #status[data-state="reconnecting"] { background: #9a6700; }
  #status[data-state="token rejected"] { background: #cf222e; }
  #logout-button { background: transparent; color: #f9fafb; border-color: #4b5563; }
  #logout-button:hover { background: #374151; }

  #banner { display: flex; align-items: center; gap: 10px; padding: 8px 18px; background: #fff8c5;
            border-bottom: 1px solid #e9d27a; color: #4d3800; }
  #banner[data-kind="error"] { background: #ffebe9; border-color: #f5b5ae; color: #82071e; }
  #banner-text { flex: 1; }
  #banner-close { border: none; background: transparent; font-size: 18px; line-height: 1; padding: 0 4px; color: inherit; }

  #login { margin: 12vh auto 0; width: 360px; background: var(--panel); border: 1px solid var(--line);
           border-radius: 10px; padding: 22px 24px; box-shadow: 0 4px 16px rgba(0,0,0,.06); }
  #login h2 { font-size: 16px; text-transform: none; letter-spacing: 0; color: var(--text); }
  #login label { display: block; margin: 12px 0 4px; color: var(--muted); }
  #token-input { width: 100%; padding: 7px 9px; border: 1px solid #c9ced6; border-radius: 6px; font: inherit; }
  #login-button { margin-top: 12px; width: 100%; padding: 7px; background: var(--accent); color: #fff; border-color: var(--accent); }
  #login-button:hover { background: #284f96; }
  #login-error { color: var(--poor); margin: 10px 0 0; }

  #board { flex: 1; min-height: 0; display: grid; grid-template-columns: minmax(0, 1fr) 380px; gap: 14px; padding: 14px 18px; }
  .left { display: flex; flex-direction: column; gap: 14px; min-height: 0; }
  .panel { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; min-height: 0; }
  .calls-panel { flex: 0 0 auto; max-height: 55%; overflow: auto; }
  #detail { flex: 1 1 0; min-height: 180px; overflow: auto; }
  .feed-panel { display: flex; flex-direction: column; overflow: hidden; }

  table { border-collapse: collapse; width: 100%; }
  th { text-align: left; font-weight: 600; font-size: 12px; color: var(--muted); padding: 4px 8px;
       border-bottom: 1px solid var(--line); position: sticky; top: 0; background: var(--panel); }
  td { padding: 5px 8px; border-bottom: 1px solid #eff1f4; vertical-align: middle; }
  #calls tbody tr { cursor: pointer; }
  #calls tbody tr:hover { background: #f6f8fa; }
  #calls tbody tr.selected { background: #eaf1fb; box-shadow: inset 3px 0 0 var(--accent); }
  #calls tbody tr.ended { color: var(--muted); }
  #calls tbody tr.ended td.duration::after { content: " ended"; font-size: 11px; }
  td.agent .call-id { margin-left: 2px; font-size: 12px; color: var(--muted); }
  td.score span, .score-value { display: inline-block; min-width: 34px; text-align: center; font-weight: 600;
                                border-radius: 6px; padding: 1px 6px; font-variant-numeric: tabular-nums; }
  .score-good { color: var(--good); } .score-good span, .score-good.score-value { background: #dafbe1; }
  .score-fair { color: var(--fair); } .score-fair span, .score-fair.score-value { background: #fff8c5; }
  .score-poor { color: var(--poor); } .score-poor span, .score-poor.score-value { background: #ffebe9; }
  .spark { display: block; color: var(--muted); }
  .spark.score-good { color: var(--good); } .spark.score-fair { color: var(--fair); } .spark.score-poor { color: var(--poor); }
  .spark polyline { fill: none; stroke: currentColor; stroke-width: 1.6; stroke-linejoin: round; stroke-linecap: round; }
  .spark circle { fill: currentColor; }
  .spark .ref { stroke: #d0d7de; stroke-dasharray: 2 2; stroke-width: 1; }
  td.alerts .count { display: inline-block; min-width: 22px; text-align: center; border-radius: 999px; padding: 0 6px;
                     background: #eff1f4; color: var(--muted); font-weight: 600; }
  td.alerts .count.sev-critical { background: var(--critical); color: #fff; }
  td.alerts .count.sev-warning { background: var(--warning); color: #fff; }
  td.alerts .count.sev-info { background: var(--info); color: #fff; }
  .empty { color: var(--muted); padding: 10px 2px; margin: 0; }

  .facts { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 8px 16px; margin: 0; }
  .facts div { min-width: 0; }
  .facts dt { font-size: 12px; color: var(--muted); }
  .facts dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
  table.criteria td.lost { font-weight: 600; }
  table.criteria tr.lost-some td.lost { color: var(--poor); }
  table.criteria td.not-measured { color: var(--muted); font-style: italic; }
  table.criteria td { padding: 4px 8px; }
  table.criteria .metric { margin-left: 2px; font-size: 11px; color: var(--muted); }
  .open-alerts { list-style: none; margin: 0; padding: 0; }
  .open-alerts li { padding: 4px 0; border-bottom: 1px solid #eff1f4; }

  .sev { display: inline-block; font-size: 11px; font-weight: 700; text-transform: uppercase; letter-spacing: .03em;
         border-radius: 4px; padding: 0 5px; color: #fff; background: var(--info); }
  .sev.sev-critical { background: var(--critical); }
  .sev.sev-warning { background: var(--warning); }
  .feed-head { display: flex; align-items: baseline; justify-content: space-between; }
  #alerts { list-style: none; margin: 0; padding: 0 2px 0 0; overflow: auto; flex: 1; }
  #alerts li { border: 1px solid var(--line); border-left: 4px solid var(--info); border-radius: 8px;
               padding: 7px 10px; margin-bottom: 8px; background: #fff; cursor: pointer; }
  #alerts li.sev-critical { border-left-color: var(--critical); background: #fff7f7; }
  #alerts li.sev-warning { border-left-color: var(--warning); background: #fffbf0; }
  #alerts li.sev-info { border-left-color: var(--info); }
  #alerts li.acked { opacity: .55; }
  #alerts li.is-cleared { background: #fff; }
  .alert-head { display: flex; align-items: center; gap: 6px; }
  .alert-head .rule { font-weight: 600; }
  .alert-head time { margin-left: auto; font-size: 12px; color: var(--muted); }
  .tag { font-size: 11px; border-radius: 4px; padding: 0 5px; background: #eff1f4; color: var(--muted); }
  .alert-cond { margin: 2px 0; }
  .alert-cond code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
  .alert-meta { font-size: 12px; color: var(--muted); }
  .alert-actions { margin-top: 5px; display: flex; gap: 6px; }
  .alert-actions button { font-size: 12px; padding: 1px 8px; }
"""#
}
