#!/usr/bin/env python3
"""The staff console in a real browser: headless Chromium from Debian driven by Selenium, against a server
this script starts on a fresh demo province. Each check saves a screenshot under .build/console-shots/.

    python3 scripts/console-test.py [--binary PATH]   (default: the debug build's talentledger)

What it checks (the console issue's list): sign-in as each role; the overview's figures equal the API's;
search a talent and open its page; the as-of picker before a downgrade shows the old tier, with the banner;
a unit officer records a grade through the form and sees it on the timeline; a refusal shows its rule;
another unit's talent is 404; sign-out ends the session; a form without its CSRF token is refused; a form
sent after its session ended comes back filled once signed in again, unrecorded; and the
accessibility basics on every page visited (lang, title, a skip link to the main content, which holds every
notice and error, a label for every field, text for every chart and nothing to operate inside one, the
navigation's current section), and pages that fit a 320px-wide screen without hiding a table's columns.
"""
import argparse
import datetime
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

from selenium import webdriver as selenium
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHOTS = os.path.join(ROOT, ".build", "console-shots")


class Failure(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise Failure(message)


class Console:
    def __init__(self, binary):
        self.binary = binary
        self.state = tempfile.mkdtemp(prefix="console-test-")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.base = "http://127.0.0.1:%d" % self.port
        self.server = None
        self.tokens = {}

    def start(self):
        env = dict(os.environ, TALENTLEDGER_STATE_DIR=self.state)
        print("console-test: loading the demo province", flush=True)
        subprocess.run([self.binary, "demo", "--if-empty"], env=env, check=True, stdout=subprocess.DEVNULL)
        with open(os.path.join(self.state, "demo-tokens.txt"), encoding="utf-8") as tokens:
            for line in tokens:
                parts = line.split()
                if len(parts) >= 3:
                    self.tokens[parts[0]] = (parts[1], parts[2])
        self.log = open(os.path.join(self.state, "serve.log"), "w")
        self.server = subprocess.Popen(
            [self.binary, "serve", "--port", str(self.port)], env=env, stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(300):
            try:
                urllib.request.urlopen(self.base + "/health", timeout=1)
                return
            except Exception:
                time.sleep(0.2)
        raise Failure("the server did not answer /health")

    def stop(self):
        if self.server:
            self.server.terminate()
            try:
                self.server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.server.kill()
        shutil.rmtree(self.state, ignore_errors=True)

    def api(self, role, path):
        request = urllib.request.Request(self.base + path, headers={"Authorization": "Bearer " + self.tokens[role][1]})
        return json.load(urllib.request.urlopen(request, timeout=30))


class Browser:
    def __init__(self, console):
        options = selenium.ChromeOptions()
        options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
        for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1366,768",
                         "--lang=zh-CN"):
            options.add_argument(argument)
        service = selenium.ChromeService(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
        self.driver = selenium.Chrome(options=options, service=service)
        self.console = console
        self.checked = set()

    def open(self, path):
        self.driver.get(self.console.base + path)
        self.accessible()

    def shot(self, name):
        os.makedirs(SHOTS, exist_ok=True)
        self.driver.save_screenshot(os.path.join(SHOTS, name + ".png"))

    def text(self, selector):
        return self.driver.find_element(By.CSS_SELECTOR, selector).text

    def accessible(self):
        """lang and title; the skip link first, to the main content, which holds every notice and error; a label
        for every visible field; a text alternative for every chart, with nothing to operate inside it; the
        navigation marking the current section."""
        driver = self.driver
        page = driver.current_url.split("?")[0]
        expect(driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-CN", page + ": lang is not zh-CN")
        expect(driver.title.strip() != "", page + ": no title")
        first = driver.execute_script(
            "return document.querySelector('a[href], button, input:not([type=hidden]), select, textarea')")
        expect(first is not None and first.get_attribute("class") == "skip"
               and first.get_attribute("href").endswith("#main"), page + ": the first stop is not the skip link")
        expect(len(driver.find_elements(By.CSS_SELECTOR, "main#main")) == 1, page + ": no main#main to skip to")
        outside = driver.execute_script(
            "return [...document.querySelectorAll('.banner, .flash, .problem')].filter(e => !e.closest('main')).length")
        expect(outside == 0, page + ": a notice or an error is outside the main content")
        operable = driver.find_elements(
            By.CSS_SELECTOR, 'svg[role="img"] a, svg[role="img"] [tabindex], svg[role="img"] [href]')
        expect(not operable, page + ": a chart (role img) holds something to operate")
        if driver.find_elements(By.CSS_SELECTOR, "nav a"):
            marked = driver.find_elements(By.CSS_SELECTOR, 'nav a[aria-current="page"]')
            expect(len(marked) <= 1, page + ": more than one current section")
            section = {"overview": "overview", "talents": "talents", "units": "units", "campaign": "campaign",
                       "audit": "audit", "evaluation-lists": "evaluation-lists"}.get(
                           page.split("/console/")[-1].split("/")[0])
            # An error page (a heading and its message) belongs to no section.
            if section and not driver.find_elements(By.CSS_SELECTOR, "main > h1 + p.problem"):
                expect(len(marked) == 1 and marked[0].get_attribute("href").endswith("/console/" + section),
                       page + ": the navigation does not mark its section")
        for field in driver.find_elements(By.CSS_SELECTOR, "input, select, textarea"):
            if field.get_attribute("type") in ("hidden", "submit"):
                continue
            identifier = field.get_attribute("id")
            labelled = identifier and driver.find_elements(By.CSS_SELECTOR, 'label[for="%s"]' % identifier)
            wrapped = driver.execute_script("return arguments[0].closest('label') !== null", field)
            expect(labelled or wrapped, "%s: the field %s has no label" % (page, field.get_attribute("name")))
        for chart in driver.find_elements(By.TAG_NAME, "svg"):
            expect(chart.get_attribute("role") == "img" and (chart.get_attribute("aria-label") or "").strip(),
                   page + ": a chart without a text alternative")
        self.checked.add(page)

    def submit(self, button, arriving=None):
        """Clicks a form's button and waits for the next page (at `arriving`, when given)."""
        old = self.driver.find_element(By.TAG_NAME, "html")
        button.click()
        WebDriverWait(self.driver, 30).until(lambda driver: old.id != driver.find_element(By.TAG_NAME, "html").id)
        if arriving:
            WebDriverWait(self.driver, 30).until(lambda driver: arriving in driver.current_url)
        self.accessible()

    def sign_in(self, role):
        self.open("/console/sign-in")
        self.driver.find_element(By.ID, "token").send_keys(self.console.tokens[role][1])
        self.submit(self.driver.find_element(By.CSS_SELECTOR, "form.signin button"), arriving="/console/overview")

    def sign_out(self):
        self.submit(self.driver.find_element(By.CSS_SELECTOR, "form.signout button"), arriving="/console/sign-in")


def downgraded_talent(console):
    """A demo talent with a downgrade, its day and the tiers before and after, as the API tells it."""
    for number in range(1, 600):
        talent = "JL%06d" % number
        try:
            steps = console.api("province-office", "/v1/talents/%s/timeline" % talent)["steps"]
        except urllib.error.HTTPError:
            continue
        for index, step in enumerate(steps):
            if step["type"] == "TalentDowngraded" and index > 0:
                return talent, step["effectiveDate"], steps[index - 1]["tierAfter"], step["tierAfter"]
    raise Failure("the demo province has no downgraded talent among its first 600")


def run(browser, console):
    driver = browser.driver
    results = []

    def check(name, body):
        body()
        browser.shot(name)
        results.append(name)
        print("console-test: ok   " + name, flush=True)

    def every_role_signs_in_and_sees_the_apis_figures():
        for role, (organization, _) in sorted(console.tokens.items()):
            if role == "monitor":
                # The scraper's account reads /metrics alone: the sign-in page refuses it, saying so.
                browser.open("/console/sign-in")
                driver.find_element(By.ID, "token").send_keys(console.tokens[role][1])
                browser.submit(driver.find_element(By.CSS_SELECTOR, "form.signin button"))
                expect("运行监控账户只用于读取服务器的运行指标" in driver.page_source, "monitor: not refused in words")
                expect(not driver.find_elements(By.CSS_SELECTOR, "form.signout"), "monitor: signed in")
                browser.shot("sign-in-refused-monitor")
                continue
            browser.sign_in(role)
            root = organization if organization != "-" else "jl-hrss"
            total = console.api(role, "/v1/organizations/" + root)["figures"]["total"]
            expect(browser.text("#total") == str(total),
                   "%s: the overview says %s talents, the API %s" % (role, browser.text("#total"), total))
            browser.shot("overview-" + role)
            browser.sign_out()
    check("overview-figures-equal-the-api", every_role_signs_in_and_sees_the_apis_figures)

    browser.sign_in("province-office")
    talent, day, before, after = downgraded_talent(console)

    def search_and_open_a_talent():
        browser.open("/console/talents")
        driver.find_element(By.ID, "q").send_keys(talent)
        browser.submit(driver.find_element(By.CSS_SELECTOR, "form.filters button"))
        browser.submit(driver.find_element(By.LINK_TEXT, talent))
        expect(browser.text("h1").find(talent) >= 0, "the talent's page is not the one searched for")
        expect(browser.text("#tier") != "", "no tier on the talent's page")
    check("search-and-open-a-talent", search_and_open_a_talent)

    def as_of_before_a_downgrade_shows_the_old_tier():
        earlier = (datetime.date.fromisoformat(day) - datetime.timedelta(days=1)).isoformat()
        browser.open("/console/talents/%s?asOf=%s" % (talent, earlier))
        expect(browser.text("#tier") == before + "类", "as of %s the tier is %s, not %s类" % (earlier, browser.text("#tier"), before))
        expect("截至 " + earlier in browser.text(".banner"), "no banner saying the page is as of a past day")
        browser.open("/console/talents/%s?asOf=%s" % (talent, day))
        expect(browser.text("#tier") == after + "类", "on the downgrade's day the tier is not %s类" % after)
    check("as-of-before-a-downgrade", as_of_before_a_downgrade_shows_the_old_tier)
    browser.sign_out()

    officer_unit = console.tokens["unit-officer"][0]
    browser.sign_in("unit-officer")
    roster = console.api("unit-officer", "/v1/campaigns/2025/roster?organization=%s&limit=500" % officer_unit)["items"]
    graded = [entry["talent"] for entry in roster
              if entry.get("workItems", {}).get("endTermAssessment") in ("pending", "registered")]
    expect(graded, "the unit officer's unit has no talent waiting for an end-term grade")
    target = graded[0]

    def form_of(command):
        """The talent page's form for `command`, opened as a person opens it: by its title."""
        form = driver.find_element(By.CSS_SELECTOR, 'form.command input[name="type"][value="%s"]' % command) \
            .find_element(By.XPATH, "./ancestor::form")
        details = form.find_element(By.XPATH, "./ancestor::details")
        if details.get_attribute("open") is None:
            details.find_element(By.TAG_NAME, "summary").click()
        return form

    def a_refusal_shows_its_rule():
        browser.open("/console/talents/" + target)
        # Registered already, the talent's page no longer offers the registration.
        if driver.find_elements(By.CSS_SELECTOR, 'form.command input[name="type"][value="registerEndTerm"]'):
            form = form_of("registerEndTerm")
            driver.execute_script("arguments[0].value = '2026-01-15'", form.find_element(By.NAME, "effectiveOn"))
            browser.submit(form.find_element(By.CSS_SELECTOR, "button"))
        form = form_of("grade")
        Select(form.find_element(By.NAME, "grade")).select_by_value("good")
        driver.execute_script("arguments[0].value = '2026-02-10'", form.find_element(By.NAME, "effectiveOn"))
        browser.submit(form.find_element(By.CSS_SELECTOR, "button"))  # not decided collectively: G6
        problem = driver.find_element(By.CSS_SELECTOR, "form.command .problem").text
        expect("G6" in problem, "the refusal does not name its rule: " + problem)
        # Arrived at the refused form (its address), the title saying there is an error, the refusal beside
        # the box it is about (not ticked) and tied to it.
        expect(driver.current_url.endswith("#form-grade"), "the refused form is not where the page opens: "
               + driver.current_url)
        expect(driver.title.startswith("错误："), "the title does not say there is an error: " + driver.title)
        refusal = driver.find_element(By.CSS_SELECTOR, "form#form-grade .problem")
        expect(form_of("grade").find_element(By.NAME, "decidedCollectively").get_attribute("aria-describedby")
               == refusal.get_attribute("id"), "the refusal is not tied to the box it is about")
        expect(driver.execute_script("const r = arguments[0].getBoundingClientRect(); "
                                     "return r.top >= 0 && r.top < window.innerHeight", refusal),
               "the refusal is not on the screen the page opens on")
        expect("领导班子集体研究" in problem, "the refusal does not give its reason in the notice's words: " + problem)
        form = form_of("grade")
        expect(Select(form.find_element(By.NAME, "grade")).first_selected_option.get_attribute("value") == "good",
               "the refused form lost the grade that was chosen")
        expect(form.find_element(By.NAME, "effectiveOn").get_attribute("value") == "2026-02-10",
               "the refused form lost its effective date")
    check("a-refusal-shows-its-rule", a_refusal_shows_its_rule)

    def a_refused_field_says_why_beside_it_and_keeps_what_was_entered():
        form = form_of("markGradePending")
        year = form.find_element(By.NAME, "campaign")
        driver.execute_script("arguments[0].removeAttribute('min'); arguments[0].value = '1999'", year)
        form.find_element(By.NAME, "investigation").send_keys("纪检调查中")
        browser.submit(form.find_element(By.CSS_SELECTOR, "button"))
        form = form_of("markGradePending")
        year = form.find_element(By.NAME, "campaign")
        described = year.get_attribute("aria-describedby") or ""
        expect(described and year.get_attribute("aria-invalid") == "true", "the refused field is not marked")
        beside = form.find_element(By.ID, described)
        expect("考核年度" in beside.text, "the field's refusal does not say what is wrong: " + beside.text)
        expect(driver.execute_script("return arguments[0].previousElementSibling === arguments[1]", beside, year),
               "the refusal is not next to its field")
        expect(form.find_element(By.NAME, "investigation").get_attribute("value") == "纪检调查中",
               "the refused form lost what was typed")
        timeline = console.api("province-office", "/v1/talents/%s/timeline" % target)["steps"]
        expect(all(step["type"] != "EndTermGradePending" for step in timeline), "the refused form recorded something")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", beside)  # for the screenshot
    check("a-refused-field-says-why-beside-it", a_refused_field_says_why_beside_it_and_keeps_what_was_entered)

    def a_form_posted_after_its_session_ended_comes_back_filled():
        browser.open("/console/talents/" + target)
        form = form_of("markGradePending")
        form.find_element(By.NAME, "investigation").send_keys("纪检调查中（登录失效前填写）")
        driver.delete_cookie("tl_console")  # the session ends meanwhile (a restart, a sign-out elsewhere)
        browser.submit(form.find_element(By.CSS_SELECTOR, "button"))
        expect("已为您保留" in browser.text("main .problem"), "the sign-in page does not say the form was kept")
        driver.find_element(By.ID, "token").send_keys(console.tokens["unit-officer"][1])
        browser.submit(driver.find_element(By.CSS_SELECTOR, "form.signin button"), arriving="#form-markGradePending")
        form = form_of("markGradePending")
        expect(form.find_element(By.NAME, "investigation").get_attribute("value") == "纪检调查中（登录失效前填写）",
               "the form posted after the session ended was not filled in again")
        expect("尚未记录" in form.find_element(By.CSS_SELECTOR, ".restored").text, "the restored form does not say so")
        timeline = console.api("province-office", "/v1/talents/%s/timeline" % target)["steps"]
        expect(all(step["type"] != "EndTermGradePending" for step in timeline), "the draft was recorded")
    check("a-form-outlives-its-session", a_form_posted_after_its_session_ended_comes_back_filled)

    def a_grade_recorded_through_the_form_is_on_the_timeline():
        form = form_of("grade")
        Select(form.find_element(By.NAME, "grade")).select_by_value("good")
        form.find_element(By.NAME, "decidedCollectively").click()
        driver.execute_script("arguments[0].value = '2026-02-10'", form.find_element(By.NAME, "effectiveOn"))
        browser.submit(form.find_element(By.CSS_SELECTOR, "button"))
        expect("已记录：确定考核等次" in browser.text(".flash"), "no notice that the grade was recorded")
        expect("确定考核等次" in browser.text("table.entries"), "the grade is not on the timeline")
    check("a-grade-through-the-form", a_grade_recorded_through_the_form_is_on_the_timeline)

    def a_stale_page_is_told_to_reload():
        browser.open("/console/talents/" + target)
        # Meanwhile the talent changes elsewhere (the same officer, over the API).
        body = json.dumps({"type": "notifyResult", "campaign": 2025, "effectiveOn": "2026-02-12"}).encode()
        request = urllib.request.Request(console.base + "/v1/talents/%s/commands" % target, data=body, headers={
            "Authorization": "Bearer " + console.tokens["unit-officer"][1], "Content-Type": "application/json"})
        expect(urllib.request.urlopen(request, timeout=30).status == 201, "the API did not record the notice")
        # The page still offers the notice the API has just recorded.
        form = form_of("notifyResult")
        driver.execute_script("arguments[0].value = '2026-02-20'", form.find_element(By.NAME, "effectiveOn"))
        browser.submit(form.find_element(By.CSS_SELECTOR, "button"))
        problem = driver.find_element(By.CSS_SELECTOR, ".problem").text
        expect("过期" in problem, "a stale page's command was not told to reload: " + problem)
        timeline = console.api("province-office", "/v1/talents/%s/timeline" % target)["steps"]
        notices = [step for step in timeline if step["type"] == "ResultNotified"]
        expect(len(notices) == 1, "the stale page's command was recorded: %d notices" % len(notices))
    check("a-stale-page-is-told-to-reload", a_stale_page_is_told_to_reload)

    reported = [item["id"] for item in console.api(
        "unit-officer", "/v1/talents?unit=%s&status=underManagement&limit=100" % officer_unit)["items"]
        if item.get("tier") in ("B", "C", "D") and item["id"] != target][0]

    def a_unit_reports_a_retirement():
        browser.open("/console/talents/" + reported)
        form = form_of("retire")
        today = form.find_element(By.NAME, "effectiveOn").get_attribute("value")
        driver.execute_script("arguments[0].value = arguments[1]", form.find_element(By.NAME, "occurredOn"), today)
        browser.submit(form.find_element(By.CSS_SELECTOR, "button"))
        expect("已记录：办理退休" in browser.text(".flash"), "no notice that the retirement was recorded")
        expect(not driver.find_elements(By.CSS_SELECTOR, "form#form-retire"), "a retired talent is offered retirement again")
    check("a-unit-reports-a-retirement", a_unit_reports_a_retirement)

    def the_unit_keeps_a_talents_personal_data():
        browser.open("/console/talents/" + target)
        form = driver.find_element(By.CSS_SELECTOR, 'form#form-profile')
        number = form.find_element(By.NAME, "nationalId")
        number.clear()
        number.send_keys("110105194912310021")  # its check character should be X
        browser.submit(form.find_element(By.CSS_SELECTOR, "button"))
        form = driver.find_element(By.CSS_SELECTOR, 'form#form-profile')
        number = form.find_element(By.NAME, "nationalId")
        expect(number.get_attribute("aria-invalid") == "true", "the refused number is not marked")
        beside = form.find_element(By.ID, number.get_attribute("aria-describedby"))
        expect("校验码" in beside.text, "the number's refusal does not say what is wrong: " + beside.text)
        expect(number.get_attribute("value") == "110105194912310021", "the refused form lost the number typed")
        number.clear()
        number.send_keys("11010519491231002X")
        browser.submit(form.find_element(By.CSS_SELECTOR, "button"), arriving="profile=saved")
        expect("已保存个人信息" in browser.text(".flash"), "no notice that the personal data was kept")
        expect("11010519491231002X" in browser.text("#profile"), "the kept number is not shown to its own unit")
        item = console.api("province-office", "/v1/talents?q=%s" % target)["items"][0]
        expect(item.get("nationalId") == "11010519491231002X", "the API does not show the kept number")
    check("the-unit-keeps-personal-data", the_unit_keeps_a_talents_personal_data)

    def another_units_talent_is_not_found():
        others = console.api("province-office", "/v1/talents?limit=200")["items"]
        other = next(item["id"] for item in others if (item.get("reportingUnit") or item.get("unit")) != officer_unit)
        browser.driver.get(console.base + "/console/talents/" + other)
        browser.accessible()
        expect(driver.title.startswith("未找到"), "another unit's talent %s is shown to the unit officer" % other)
        expect("没有找到人才 " + other in browser.text("p.problem"), "the 404 page does not name the talent in Chinese")
        status = urllib.request.Request(console.base + "/console/talents/" + other, headers={
            "Cookie": "tl_console=" + driver.get_cookie("tl_console")["value"]})
        try:
            urllib.request.urlopen(status, timeout=30)
            raise Failure("another unit's talent answered 200")
        except urllib.error.HTTPError as error:
            expect(error.code == 404, "another unit's talent answered %d, not 404" % error.code)
    check("another-units-talent-is-404", another_units_talent_is_not_found)

    def a_form_without_its_csrf_token_is_refused():
        cookie = driver.get_cookie("tl_console")["value"]
        body = urllib.parse.urlencode({"type": "recordLostContact", "since": "2026-01-05"}).encode()
        request = urllib.request.Request(console.base + "/console/talents/%s/commands" % target, data=body, headers={
            "Cookie": "tl_console=" + cookie, "Content-Type": "application/x-www-form-urlencoded"})
        try:
            urllib.request.urlopen(request, timeout=30)
            raise Failure("a form without its CSRF token was accepted")
        except urllib.error.HTTPError as error:
            expect(error.code == 403, "a form without its CSRF token answered %d, not 403" % error.code)
        timeline = console.api("province-office", "/v1/talents/%s/timeline" % target)["steps"]
        expect(all(step["type"] != "ContactLost" for step in timeline), "the refused form recorded something")
    check("a-form-without-csrf-is-refused", a_form_without_its_csrf_token_is_refused)

    def a_units_checklist_and_its_documents():
        browser.open("/console/units/" + officer_unit)
        state = browser.text("#submission-state")
        expect(state, "the unit's page shows no submission state")
        cookie = driver.get_cookie("tl_console")["value"]
        request = urllib.request.Request(console.base + "/console/units/%s/documents/package" % officer_unit,
                                         headers={"Cookie": "tl_console=" + cookie})
        answer = urllib.request.urlopen(request, timeout=120)
        expect(answer.headers["Content-Type"] == "application/zip", "the package is not a zip")
        expect(answer.read(2) == b"PK", "the package does not open as a zip")
        browser.open("/console/campaign")
    check("a-units-checklist-and-documents", a_units_checklist_and_its_documents)

    def sign_out_ends_the_session():
        cookie = driver.get_cookie("tl_console")["value"]
        browser.sign_out()
        driver.add_cookie({"name": "tl_console", "value": cookie, "path": "/console"})
        browser.open("/console/overview")
        expect("/console/sign-in" in driver.current_url, "the old session still opens pages after sign-out")
    check("sign-out-ends-the-session", sign_out_ends_the_session)

    def the_auditor_verifies_the_chains():
        browser.sign_in("auditor")
        browser.open("/console/audit")
        browser.submit(driver.find_element(By.CSS_SELECTOR, "main form button"))
        expect("完好" in browser.text("#verify-result"), "the hash chains did not verify: " + browser.text("#verify-result"))
        browser.open("/console/units")
        browser.open("/console/campaign")
        browser.open("/console/campaign/overdue")
        expect(driver.find_elements(By.CSS_SELECTOR, "table.overdue tbody tr"), "the demo has nothing overdue")
        browser.open("/console/units/" + officer_unit)
        browser.open("/console/talents?card=jixiangCard&cardStatus=active")
        expect(driver.find_elements(By.CSS_SELECTOR, "table.talents tbody tr"), "no talent with an active 吉享卡")
    check("auditor-verifies-and-reads", the_auditor_verifies_the_chains)

    def a_department_sends_its_contact_form():
        browser.sign_out()
        browser.sign_in("supervising-dept")
        department = console.tokens["supervising-dept"][0]
        browser.open("/console/units/" + department)
        driver.find_element(By.ID, "contactForm-reference").send_keys("吉测〔2025〕1号")
        browser.submit(driver.find_element(By.CSS_SELECTOR, "#form-contactForm button"))
        expect("已报送联系表" in driver.find_element(By.TAG_NAME, "main").text, "the contact form was not sent")
        expect("吉测〔2025〕1号" in browser.text("#contact-form"), "the department's page does not show its form")
    check("a-department-sends-its-contact-form", a_department_sends_its_contact_form)

    def a_level_downloads_its_merged_form():
        browser.sign_out()
        browser.sign_in("hr-bureau")
        browser.open("/console/campaign")
        cookie = driver.get_cookie("tl_console")["value"]
        request = urllib.request.Request(console.base + "/console/campaign/documents/4",
                                         headers={"Cookie": "tl_console=" + cookie})
        answer = urllib.request.urlopen(request, timeout=120)
        expect(answer.headers["Content-Type"].endswith("spreadsheetml.sheet"), "the merged form is not an .xlsx")
        expect("filename*=UTF-8''" in answer.headers["Content-Disposition"], "the merged form has no Chinese name")
    check("a-level-downloads-its-merged-form", a_level_downloads_its_merged_form)

    def the_province_uploads_an_evaluation_list():
        browser.sign_out()
        browser.sign_in("province-office")
        folder = tempfile.mkdtemp(prefix="tl-console-list-")
        path = os.path.join(folder, "认定名单.csv")
        with open(path, "w", encoding="utf-8-sig", newline="") as file:
            file.write("人才编号,姓名,单位编号,层次,管理期起算时间,起算依据,评定文号\r\n"
                       "JL900001,测试导入,unit-0001,C类,2026/3/1,电子证书,吉人社字〔2026〕1号\r\n")
        try:
            browser.open("/console/evaluation-lists")
            driver.find_element(By.ID, "list").send_keys(path)
            driver.find_element(By.ID, "dryRun").click()
            browser.submit(driver.find_element(By.CSS_SELECTOR, "#form-import button"))
            expect("检查通过" in browser.text("#import-result"), "the dry run: " + browser.text("#import-result"))
            driver.find_element(By.ID, "list").send_keys(path)
            driver.find_element(By.ID, "dryRun").click()
            browser.submit(driver.find_element(By.CSS_SELECTOR, "#form-import button"))
            expect("已导入" in browser.text("#import-result"), "the import: " + browser.text("#import-result"))
            browser.open("/console/talents/JL900001")
            expect(not driver.title.startswith("未找到"), "the imported talent has no page")
            browser.open("/console/evaluation-lists")
            driver.find_element(By.ID, "list").send_keys(path)
            browser.submit(driver.find_element(By.CSS_SELECTOR, "#form-import button"))
            expect("很可能已经导入过" in browser.text("#import-result"),
                   "the list sent again: " + browser.text("#import-result"))
            # The same kind of list as Excel saves it, a date cell and all.
            import openpyxl
            book = openpyxl.Workbook()
            book.active.append(["人才编号", "姓名", "单位编号", "层次", "管理期起算时间", "起算依据", "评定文号"])
            book.active.append(["JL900002", "测试工作簿", "unit-0001", "D", datetime.datetime(2026, 3, 1), "电子证书",
                                "吉人社字〔2026〕2号"])
            workbook = os.path.join(folder, "认定名单.xlsx")
            book.save(workbook)
            browser.open("/console/evaluation-lists")
            driver.find_element(By.ID, "list").send_keys(workbook)
            browser.submit(driver.find_element(By.CSS_SELECTOR, "#form-import button"))
            expect("已导入" in browser.text("#import-result"), "the workbook: " + browser.text("#import-result"))
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    check("the-province-uploads-an-evaluation-list", the_province_uploads_an_evaluation_list)

    def the_province_verifies_the_reported_retirement():
        browser.open("/console/talents/" + reported)
        form = form_of("verifyExitSituation")
        Select(form.find_element(By.NAME, "situation")).select_by_value("retiredNotRehired")
        Select(form.find_element(By.NAME, "confirmed")).select_by_value("true")
        form.find_element(By.NAME, "finding").send_keys("经核实，已办理退休手续")
        browser.submit(form.find_element(By.CSS_SELECTOR, "button"))  # its 说明 left empty, as most will
        expect("已记录：核实退出情形" in browser.text(".flash"), "the province's verification was not recorded")
        expect("属实，退出管理；核实情况：经核实，已办理退休手续" in browser.text("table.entries"),
               "the timeline does not say the verification's outcome")
        # Exited, a talent keeps only a death's form on the contact list (X10), an objection to a result (P3)
        # and, for the province, its evaluation's forms: the record's correction and, a retirement's exit
        # allowing it (C3), a new evaluation; and a finding of fraud, which would revoke the qualification
        # (F1).
        offered = {element.get_attribute("value")
                   for element in driver.find_elements(By.CSS_SELECTOR, "form.command input[name='type']")}
        expect(offered <= {"recordDeath", "fileObjection", "answerObjection", "correctEvaluation", "evaluate",
                           "findFraud"},
               "a talent who has exited is still offered commands: " + ", ".join(sorted(offered)))
    check("the-province-verifies-a-reported-exit", the_province_verifies_the_reported_retirement)

    def pages_fit_a_phones_width():
        browser.sign_out()
        browser.sign_in("province-office")
        driver.set_window_size(320, 720)
        try:
            for path in ("/console/overview", "/console/talents", "/console/talents/" + talent,
                         "/console/talents/%s/events" % talent, "/console/units", "/console/units/unit-0001",
                         "/console/campaign", "/console/campaign/overdue", "/console/campaign/jobs",
                         "/console/evaluation-lists"):
                browser.open(path)
                expect(not driver.title.startswith("未找到"), path + " is not there for the province office")
                overflow = driver.execute_script(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
                expect(overflow <= 1, "%s is %dpx wider than a phone's screen" % (path, overflow))
                hidden = driver.execute_script(
                    "return [...document.querySelectorAll('th, td')].filter("
                    "c => getComputedStyle(c).display === 'none').length")
                expect(hidden == 0, "%s hides %d of its tables' cells on a phone" % (path, hidden))
                browser.shot("phone" + path.replace("/", "-"))
        finally:
            driver.set_window_size(1366, 768)
    check("pages-fit-a-phones-width", pages_fit_a_phones_width)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "debug", "talentledger"))
    arguments = parser.parse_args()
    console = Console(arguments.binary)
    browser = None
    try:
        console.start()
        browser = Browser(console)
        results = run(browser, console)
        print("console-test: %d checks passed on %d pages (accessibility checked on each); screenshots in %s"
              % (len(results), len(browser.checked), SHOTS))
    except Exception as failure:  # a Failure of a check, or the browser's own error: both fail the run
        if browser:
            browser.shot("failure")
        print("console-test: FAILED: %s: %s" % (type(failure).__name__, failure), file=sys.stderr)
        return 1
    finally:
        if browser:
            browser.driver.quit()
        console.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
