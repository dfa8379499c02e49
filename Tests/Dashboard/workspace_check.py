#!/usr/bin/env python3
"""Drives the supervisor's workspace in headless Chromium (1366x768), flow by flow.

    python3 Tests/Dashboard/workspace_check.py --url http://127.0.0.1:8640/ --token SUPERVISOR \
        --admin-token ADMIN --live-call ws-live --dead-call ws-blue --agent agent-7 \
        --other-call ws-green --artifacts test-artifacts/workspace

Prints one JSON line with what it saw (the dead air's SVG geometry, the review it made...) and
exits 0 when every step passes; otherwise names the failed step, saves a screenshot and exits 1.
The caller checks the numbers against the known audio and the API.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from dashboard_check import StepFailed, check, css_string, find, page_url, wait_for  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402


def shot(driver, args, name):
    driver.save_screenshot(os.path.join(args.artifacts, name))


def go(driver, base, route):
    driver.execute_script("location.hash = arguments[0];", route)


def attr(element, name):
    return element.get_attribute(name)


def overflow(driver):
    """How far the page is wider than the window (0 when nothing scrolls sideways)."""
    return driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth;")


def unlabelled(driver):
    """Visible form fields without an accessible name."""
    return driver.execute_script("""
        const out = [];
        for (const el of document.querySelectorAll('input, select, textarea, button')) {
          if (!el.offsetParent) continue;
          const named = el.labels && el.labels.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')
            || (el.tagName === 'BUTTON' && el.textContent.trim());
          if (!named) out.push(el.outerHTML.slice(0, 80));
        }
        return out;""")


def sign_in(driver, args, token, t):
    driver.get(page_url(args.url, token))
    wait_for(driver, t, "sign in", lambda d: d.find_element(By.ID, "status").get_attribute("data-state") == "live", "#status live")
    wait_for(driver, t, "sign in", lambda d: d.execute_script("return document.body.dataset.role || ''") != "", "the session's role")


def run(driver, args):
    t = args.timeout
    os.makedirs(args.artifacts, exist_ok=True)
    driver.set_window_size(1366, 768)
    seen = {}

    # 1. The live board, opened after the calls raised their alerts.
    sign_in(driver, args, args.token, t)
    live = css_string(args.live_call)
    dead = css_string(args.dead_call)
    alert = wait_for(driver, t, "1 board", lambda d: find(d, f"#alerts li[data-call-id={dead}][data-rule='dead-air']"),
                     "the dead-air alert of the ended call, raised before the page was opened")
    seen["earlierAlert"] = {"cleared": attr(alert, "data-cleared"), "estimated": attr(alert, "data-estimated")}
    live_alert = wait_for(driver, t, "1 board", lambda d: find(d, f"#alerts li[data-call-id={live}][data-rule='dead-air']"),
                          "the dead-air alert of the running call, raised and cleared before the page was opened")
    seen["liveAlert"] = {"cleared": attr(live_alert, "data-cleared"), "estimated": attr(live_alert, "data-estimated")}
    count = wait_for(driver, t, "1 board", lambda d: find(d, f"#calls tr[data-call-id={live}] td.alerts .count"), "the running call's alert count")
    seen["liveAlertCount"] = int(attr(count, "data-raised"))
    Select(driver.find_element(By.ID, "severity-filter")).select_by_value("critical")
    seen["criticalFilterKeeps"] = len(driver.find_elements(By.CSS_SELECTOR, "#alerts li"))
    Select(driver.find_element(By.ID, "severity-filter")).select_by_value("")
    seen["boardOverflow"] = overflow(driver)
    shot(driver, args, "live-board.png")

    # 2. A live call's page, updated in place until it ends.
    driver.find_element(By.CSS_SELECTOR, f"#calls tr[data-call-id={live}] td.duration").click()
    wait_for(driver, t, "2 live call", lambda d: find(d, f"#call-view[data-call-id={live}][data-state='live'] #call-timeline"),
             "the running call's page, live")
    dots = len(driver.find_elements(By.CSS_SELECTOR, "#call-timeline circle.score-dot"))
    wait_for(driver, t, "2 live call", lambda d: len(d.find_elements(By.CSS_SELECTOR, "#call-timeline circle.score-dot")) > dots,
             "a new window drawn while the page is open")
    shot(driver, args, "call-live.png")
    wait_for(driver, 90, "2 live call", lambda d: find(d, f"#call-view[data-call-id={live}][data-state='ended'] #call-timeline rect.agent-speech"),
             "the page turning to the ended call with its speech bands")

    # 3. Finished calls: the list, sorted by score, the other team's call absent.
    go(driver, args.url, "#/calls")
    wait_for(driver, t, "3 calls", lambda d: find(d, f"#call-list tr[data-call-id={dead}]"), "the ended call in the list")
    seen["listedCalls"] = [attr(r, "data-call-id") for r in driver.find_elements(By.CSS_SELECTOR, "#call-list tbody tr")]
    driver.find_element(By.CSS_SELECTOR, "#call-list button.sort[data-sort='score']").click()
    wait_for(driver, t, "3 calls", lambda d: "sort=score" in d.current_url and d.find_elements(By.CSS_SELECTOR, "#call-list tbody tr"),
             "the list sorted by score")
    scores = [attr(r, "data-score") for r in driver.find_elements(By.CSS_SELECTOR, "#call-list tbody tr")]
    seen["scoresAscending"] = [float(s) for s in scores if s]
    seen["listUnlabelled"] = unlabelled(driver)
    shot(driver, args, "calls.png")

    # 4. The ended call's page: its timeline with the dead air, the transcript side, the score.
    go(driver, args.url, f"#/calls/{args.dead_call}")
    rect = wait_for(driver, t, "4 call page", lambda d: find(d, f"#call-view[data-call-id={dead}] #call-timeline rect.dead-air"),
                    "a dead-air band on the timeline")
    svg = driver.find_element(By.ID, "call-timeline")
    seen["timeline"] = {
        "left": float(attr(svg, "data-left")), "scale": float(attr(svg, "data-scale")), "duration": float(attr(svg, "data-duration")),
        "deadAir": [{"start": float(attr(r, "data-start")), "end": float(attr(r, "data-end")), "x": float(attr(r, "x")), "width": float(attr(r, "width"))}
                    for r in driver.find_elements(By.CSS_SELECTOR, "#call-timeline rect.dead-air")],
        "agentSpeech": len(driver.find_elements(By.CSS_SELECTOR, "#call-timeline rect.agent-speech")),
        "alertMarks": [attr(g, "data-rule") for g in driver.find_elements(By.CSS_SELECTOR, "#call-timeline g.alert-mark")],
        "scoreDots": len(driver.find_elements(By.CSS_SELECTOR, "#call-timeline circle.score-dot")),
    }
    seen["criteria"] = [attr(r, "data-name") for r in driver.find_elements(By.CSS_SELECTOR, "#score-panel tr.criterion")]
    seen["callOverflow"] = overflow(driver)
    shot(driver, args, "call-page.png")

    # 5. Validation: corrected, the dead air forgiven, with a comment.
    driver.find_element(By.CSS_SELECTOR, "#review-form input[name='verdict'][value='corrected']").click()
    field = wait_for(driver, t, "5 review", lambda d: next((e for e in d.find_elements(By.CSS_SELECTOR, "#review-form input[data-criterion='dead air']")
                                                           if e.is_displayed()), None), "the dead air criterion's field")
    field.send_keys("0")
    driver.find_element(By.ID, "review-comment").send_keys("hold music, not dead air")
    seen["reviewUnlabelled"] = unlabelled(driver)
    driver.find_element(By.ID, "review-submit").click()
    wait_for(driver, t, "5 review", lambda d: find(d, "#review-message[data-done='true']"), "the validation confirmed")
    human = wait_for(driver, t, "5 review", lambda d: find(d, "#human-score[data-score]:not([data-score=''])"), "the human score shown")
    seen["humanScore"] = float(attr(human, "data-score"))
    seen["machineScore"] = float(attr(driver.find_element(By.ID, "machine-score"), "data-score"))
    shot(driver, args, "review.png")

    # 6. The queue of calls to review: the validated call is gone from it.
    go(driver, args.url, "#/review")
    wait_for(driver, t, "6 queue", lambda d: d.find_elements(By.CSS_SELECTOR, "#queue-list tbody tr") or find(d, "#queue-empty:not([hidden])"),
             "the review queue")
    seen["queue"] = [attr(r, "data-call-id") for r in driver.find_elements(By.CSS_SELECTOR, "#queue-list tbody tr")]
    shot(driver, args, "queue.png")

    # 7. The agent's trend beside its team's.
    go(driver, args.url, f"#/agents/{args.agent}")
    wait_for(driver, t, "7 agents", lambda d: find(d, f"#agent-detail[data-agent-id={css_string(args.agent)}] svg.trend-chart circle.agent-line"),
             "the agent's daily score")
    seen["teamPoints"] = len(driver.find_elements(By.CSS_SELECTOR, "#agent-detail svg.trend-chart circle.team-line"))
    shot(driver, args, "agents.png")

    # 8. Another team's call: not reachable from the UI.
    go(driver, args.url, f"#/calls/{args.other_call}")
    wait_for(driver, t, "8 other team", lambda d: find(d, f"#call-view[data-call-id={css_string(args.other_call)}][data-state='not-found']"),
             "the other team's call refused")
    seen["tokensLinkHidden"] = not driver.find_element(By.CSS_SELECTOR, "#nav a[data-view='tokens']").is_displayed()

    # 9. French.
    Select(driver.find_element(By.ID, "lang-select")).select_by_value("fr")
    go(driver, args.url, "#/calls")
    wait_for(driver, t, "9 french", lambda d: d.find_element(By.CSS_SELECTOR, "#nav a[data-view='calls']").text == "Appels", "the French navigation")
    seen["frenchHeading"] = driver.find_element(By.CSS_SELECTOR, "#calls-view h2").get_attribute("textContent")
    shot(driver, args, "calls-fr.png")
    Select(driver.find_element(By.ID, "lang-select")).select_by_value("en")

    # 10. An admin: tokens created (the secret shown once) and revoked.
    driver.execute_script("sessionStorage.clear();")
    sign_in(driver, args, args.admin_token, t)
    go(driver, args.url, "#/tokens")
    wait_for(driver, t, "10 tokens", lambda d: d.find_elements(By.CSS_SELECTOR, "#token-list tbody tr"), "the token list")
    form = driver.find_element(By.ID, "token-form")
    Select(form.find_element(By.NAME, "role")).select_by_value("supervisor")
    form.find_element(By.NAME, "teams").send_keys("red")
    form.find_element(By.NAME, "label").send_keys("workspace check")
    form.find_element(By.NAME, "expires").send_keys("1d")
    form.find_element(By.CSS_SELECTOR, "button[type='submit']").click()
    secret = wait_for(driver, t, "10 tokens", lambda d: find(d, "#token-secret-value"), "the new token's secret")
    seen["secretShown"] = attr(secret, "value").startswith("ccrd_")
    token_id = attr(secret, "value").split("_")[1]
    seen["createdToken"] = token_id
    shot(driver, args, "tokens.png")
    driver.find_element(By.ID, "token-secret-hide").click()
    row = wait_for(driver, t, "10 tokens", lambda d: find(d, f"#token-list tr[data-token-id={css_string(token_id)}] button.revoke"), "the new token's row")
    driver.execute_script("window.confirm = () => true;")
    row.click()
    wait_for(driver, t, "10 tokens", lambda d: find(d, f"#token-list tr[data-token-id={css_string(token_id)}][data-state='revoked']"), "the token revoked")
    seen["secretGone"] = find(driver, "#token-secret-value") is None
    return {"ok": True, **seen}


def main():
    parser = argparse.ArgumentParser(description="Check the ccrd supervisor workspace in headless Chromium.")
    parser.add_argument("--url", required=True)
    parser.add_argument("--token", required=True, help="a supervisor token of the calls' team")
    parser.add_argument("--admin-token", required=True)
    parser.add_argument("--live-call", required=True, help="a running call that raised and cleared a dead-air alert")
    parser.add_argument("--dead-call", required=True, help="an ended call with a dead air")
    parser.add_argument("--agent", required=True, help="the ended call's agent")
    parser.add_argument("--other-call", required=True, help="a call of another team")
    parser.add_argument("--artifacts", required=True, help="where screenshots go")
    parser.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()
    return check(run, args, os.path.join(args.artifacts, "failed.png"))


if __name__ == "__main__":
    sys.exit(main())
