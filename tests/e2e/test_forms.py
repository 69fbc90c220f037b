"""Forms that help (issue 16, item 5): a form sent with problems shows each one at its
field, in the words of the field ("Vul een titel in"), in the order the form asks them,
linked from a summary at the top that takes the focus; the browser's own validation (in
the browser's language) never runs. And a request page offers one next step, the others
folded away (item 2)."""
import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from test_browser import check_accessibility, follow, fresh_code, sign_in, sign_out, step_form, submit


def field_errors(driver):
    """The problems as the page shows them: {field id: sentence at the field}, after checking
    that the summary took the focus and links every problem, in the same words and in the
    order of the fields on the page."""
    summary = driver.find_element(By.CSS_SELECTOR, ".error-summary")
    assert driver.execute_script("return document.activeElement === arguments[0]", summary), "the summary takes the focus"
    links = [(a.get_attribute("href").split("#")[1], a.text) for a in summary.find_elements(By.TAG_NAME, "a")]
    shown = {}
    for field, sentence in links:
        at_field = driver.find_element(By.ID, f"{field}-fout")
        text = at_field.get_attribute("textContent").strip()
        assert text.endswith(sentence), f"{field}: the field says {text!r}, the summary {sentence!r}"
        shown[field] = sentence
        element = driver.find_element(By.ID, field)
        if element.tag_name != "fieldset":
            assert element.get_attribute("aria-invalid") == "true", field
            assert f"{field}-fout" in (element.get_attribute("aria-describedby") or "").split(), field
    positions = [driver.execute_script("return arguments[0].getBoundingClientRect().top + window.scrollY", driver.find_element(By.ID, f))
                 for f, _ in links]
    assert positions == sorted(positions), f"the summary lists the problems in the order of the form: {links}"
    return shown


def no_browser_validation(driver):
    """Every form on the page leaves checking to the server (`novalidate`)."""
    forms = driver.find_elements(By.TAG_NAME, "form")
    assert forms and all(f.get_attribute("novalidate") is not None for f in forms)


def test_sign_in_says_what_is_missing(browser, base_url):
    browser.get(base_url + "/inloggen")
    no_browser_validation(browser)
    submit(browser)
    assert field_errors(browser) == {"email": "Vul een e-mailadres in", "wachtwoord": "Vul uw wachtwoord in"}
    check_accessibility(browser, "sign-in, nothing typed")


def test_desk_forms_and_the_next_step(browser, base_url):
    """The desk files a request with problems, then refers it: each problem at its field.
    The request page shows one next step; the others are folded away until a person opens
    them."""
    sign_in(browser, base_url, "loket@vng.example")
    browser.get(base_url + "/hulpvragen/nieuw")
    no_browser_validation(browser)
    submit(browser)
    errors = field_errors(browser)
    assert errors["aanvrager"] == "Kies de organisatie die de vraag stelt"
    assert errors["titel"] == "Vul een titel in"
    assert "gemeente" not in errors, "an empty municipality is the requester's own"
    assert errors["omschrijving"] == "Vul een omschrijving in"
    assert errors["behoeften"] == "Kies minstens één behoefte"
    assert errors["kanaal"] == "Kies bij welk loket de vraag binnenkwam"
    check_accessibility(browser, "new request, problems at the fields")

    title = f"Ondersteuning bij een netwerk {uuid.uuid4().hex[:6]}"
    browser.find_element(By.ID, "aanvrager").send_keys("GM0637")
    browser.find_element(By.ID, "titel").send_keys(title)
    browser.find_element(By.ID, "omschrijving").send_keys("De gemeente zoekt contact met sleutelfiguren.")
    browser.find_element(By.ID, "behoefte-toegang-lokale-netwerken").click()
    Select(browser.find_element(By.ID, "kanaal")).select_by_value("telefoon")
    submit(browser)
    assert title in browser.page_source

    # One next step for a new request at the desk: taking it into handling.
    primary = browser.find_elements(By.CSS_SELECTOR, "#actie > form")
    assert [f.find_element(By.NAME, "actie").get_attribute("value") for f in primary] == ["in-behandeling-nemen"]
    other = browser.find_element(By.CSS_SELECTOR, "#actie details.other-steps")
    assert other.get_attribute("open") is None and not step_form(browser, "doorverwijzen", unfold=False).is_displayed()
    # Nothing to record before an advisor is assigned.
    assert not browser.find_elements(By.CSS_SELECTOR, "form[action$='/activiteiten']")
    check_accessibility(browser, "request, one next step")

    follow(browser, step_form(browser, "in-behandeling-nemen").find_element(By.TAG_NAME, "button"))
    # Now the next step is referring; sent empty, both problems show at their fields.
    form = step_form(browser, "doorverwijzen")
    assert form.is_displayed()
    follow(browser, form.find_element(By.TAG_NAME, "button"))
    assert field_errors(browser) == {"naar": "Kies naar welke organisatie u doorverwijst", "reden-doorverwijzen": "Geef een reden"}
    check_accessibility(browser, "request, refused step")

    # A step from the folded ones, refused: its fold opens, its problem shows at its field.
    form = step_form(browser, "wachten-op-aanvrager")
    follow(browser, form.find_element(By.TAG_NAME, "button"))
    assert browser.find_element(By.CSS_SELECTOR, "details.other-steps").get_attribute("open") is not None
    assert field_errors(browser) == {"reden-wachten-op-aanvrager": "Schrijf uw vraag aan de aanvrager"}

    # An empty message.
    follow(browser, browser.find_element(By.CSS_SELECTOR, "form[action$='/berichten'] button"))
    assert field_errors(browser) == {"tekst": "Schrijf een bericht"}

    # Referred, the reason stands on top.
    form = step_form(browser, "doorverwijzen")
    Select(form.find_element(By.NAME, "naar")).select_by_value("szw-ess")
    form.find_element(By.NAME, "reden").send_keys("Toegang tot netwerken via de unit")
    follow(browser, form.find_element(By.TAG_NAME, "button"))
    highlights = browser.find_element(By.CSS_SELECTOR, ".highlights").text
    assert "Doorverwezen naar Expertise-unit Sociale Stabiliteit" in highlights and "Toegang tot netwerken via de unit" in highlights
    sign_out(browser)


def test_administrator_forms_say_what_is_missing(browser, base_url):
    sign_in(browser, base_url, "beheerder@steunpunt.example")
    browser.get(base_url + "/beheer/gebruikers/nieuw")
    no_browser_validation(browser)
    submit(browser)
    errors = field_errors(browser)
    assert errors["naam"] == "Vul een naam in" and errors["email"] == "Vul een e-mailadres in"
    assert errors["organisatie"] == "Kies een organisatie"
    check_accessibility(browser, "new user, problems at the fields")

    browser.get(base_url + "/beheer/organisaties/nieuw")
    submit(browser)
    errors = field_errors(browser)
    assert errors["id"] == "Vul een kenmerk in" and errors["naam"] == "Vul een naam in"
    check_accessibility(browser, "new organisation, problems at the fields")

    browser.get(base_url + "/beheer/behoeften")
    follow(browser, browser.find_element(By.CSS_SELECTOR, "form.form button[type=submit]"))
    errors = field_errors(browser)
    assert errors["naam"] == "Vul een naam in" and errors["naamEngels"] == "Vul de Engelse naam in"
    check_accessibility(browser, "new need, problems at the fields")


def test_unit_forms_say_what_is_missing(browser, base_url):
    sign_in(browser, base_url, "coordinator@ess.example")
    browser.get(base_url + "/quickscans/rondes/nieuw")
    no_browser_validation(browser)
    browser.find_element(By.ID, "opent").clear()
    browser.find_element(By.ID, "sluit").clear()
    submit(browser)
    errors = field_errors(browser)
    assert errors["titel"] == "Vul een titel in"
    assert errors["opent"] == "Vul de datum in waarop de ronde opent" and errors["sluit"] == "Vul de datum in waarop de ronde sluit"
    assert errors["gemeenten"] == "Kies gemeenten, of provincies, prioriteit of inwonerklassen"
    check_accessibility(browser, "new round, problems at the fields")

    browser.get(base_url + "/aanbod/nieuw")
    submit(browser)
    errors = field_errors(browser)
    assert errors["titel"] == "Vul een titel in" and errors["samenvatting"] == "Vul een samenvatting in"
    assert errors["doelgroepen"] == "Kies minstens één doelgroep"
    check_accessibility(browser, "new offering, problems at the fields")

    browser.get(base_url + "/mijn-account")
    follow(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/mijn-account/tokens'] button"))
    assert field_errors(browser)["naam"] == "Vul een naam in"
    check_accessibility(browser, "new token, problems at the fields")


def test_changing_ones_own_password(browser, base_url):
    """Mijn account shows whether two-step verification is on, and leads to changing the
    password; the form says what is missing at each field; the new password works."""
    from conftest import DEMO_PASSWORD
    email, new = "gemeente@rotterdam.example", "Rotterdam-nieuw-wachtwoord-2026"
    sign_in(browser, base_url, email)
    browser.get(base_url + "/mijn-account")
    state = browser.find_element(By.CSS_SELECTOR, ".mfa-state").text
    assert state.startswith("Staat aan sinds") or state.startswith("Staat uit"), state
    follow(browser, browser.find_element(By.LINK_TEXT, "Wachtwoord wijzigen"))
    no_browser_validation(browser)
    submit(browser)
    errors = field_errors(browser)
    assert errors["huidig"] == "Vul uw huidige wachtwoord in" and "wachtwoord" in errors
    check_accessibility(browser, "change password, problems at the fields")
    browser.find_element(By.ID, "huidig").send_keys(DEMO_PASSWORD)
    browser.find_element(By.ID, "wachtwoord").send_keys(new)
    browser.find_element(By.ID, "herhaling").send_keys(new)
    submit(browser)
    assert "Uw wachtwoord is gewijzigd" in browser.find_element(By.CSS_SELECTOR, ".notice-success").text
    sign_out(browser)

    browser.get(base_url + "/inloggen")
    browser.find_element(By.ID, "email").send_keys(email)
    browser.find_element(By.ID, "wachtwoord").send_keys(DEMO_PASSWORD)
    submit(browser)
    assert "niet bekend" in browser.find_element(By.CSS_SELECTOR, ".error-summary").text, "the old password no longer works"
    browser.find_element(By.ID, "wachtwoord").send_keys(new)
    submit(browser)
    if "/inloggen/code" in browser.current_url:
        browser.find_element(By.ID, "code").send_keys(fresh_code(email))
        submit(browser)
    assert browser.current_url.endswith("/dashboard"), "the new password works"
    sign_out(browser)
    browser.get(base_url + "/inloggen")
    follow(browser, browser.find_element(By.LINK_TEXT, "Wachtwoord vergeten?"))
    check_accessibility(browser, "forgotten password")


def test_pick_by_name_and_ask_from_the_toolbox(browser, base_url):
    """Nobody types codes (item 6): the desk picks the requester by name from a list and the
    request shows the municipality by name. From knowing to asking (item 13): an offering and
    a search that found nothing lead to the request form, filled in."""
    browser.get(base_url + "/zoeken?q=tulpenbollen")
    ask = browser.find_element(By.LINK_TEXT, "Stel uw vraag aan het Steunpunt")
    assert "/inloggen?terug=" in ask.get_attribute("href"), "a visitor signs in first, then comes back to the form"

    sign_in(browser, base_url, "gemeente@zoetermeer.example")
    # Notifications (issue 18): the header counts the unread, the page lists them, one opens its request.
    header = browser.find_element(By.CSS_SELECTOR, "a.notifications-link")
    assert header.text.startswith("Meldingen (") and header.text.endswith(" nieuw)"), header.text
    follow(browser, header)
    assert browser.find_elements(By.CSS_SELECTOR, "li.notification-unread")
    check_accessibility(browser, "notifications")
    # Other tests leave notices about meetings too: open the first about a request.
    follow(browser, browser.find_element(
        By.XPATH, "//li[contains(@class, 'notification')]//a[span[@class='request-number' and starts-with(normalize-space(), 'HV-')]]"))
    assert "/hulpvragen/" in browser.current_url
    browser.get(base_url + "/zoeken?q=tulpenbollen")
    follow(browser, browser.find_element(By.LINK_TEXT, "Stel uw vraag aan het Steunpunt"))
    assert browser.find_element(By.ID, "titel").get_attribute("value") == "tulpenbollen"
    assert "tulpenbollen" in browser.find_element(By.ID, "omschrijving").get_attribute("value")
    browser.get(base_url + "/aanbod/trainingen-voor-professionals-en-sleutelfiguren")
    follow(browser, browser.find_element(By.LINK_TEXT, "Vraag stellen over dit aanbod"))
    assert browser.find_element(By.ID, "titel").get_attribute("value").startswith("Vraag over “")
    assert browser.find_elements(By.CSS_SELECTOR, "#behoeften input:checked"), "the offering's needs are ticked"
    check_accessibility(browser, "request form filled in from an offering")
    # A refusal says whom to ask; headings carry no full stop.
    browser.get(base_url + "/beheer/gebruikers")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Geen toegang"
    assert browser.find_element(By.CSS_SELECTOR, "main a[href^='mailto:']").text == "contact@steunpunt.example"
    check_accessibility(browser, "refusal")
    # The section one is in stays marked in the navigation.
    browser.get(base_url + "/zoeken?q=moskee")
    assert browser.find_element(By.CSS_SELECTOR, ".main-nav a[aria-current]").get_attribute("href").endswith("/aanbod")
    sign_out(browser)

    sign_in(browser, base_url, "loket@vng.example")
    browser.get(base_url + "/hulpvragen/nieuw")
    options = [o.get_attribute("value") for o in browser.find_elements(By.CSS_SELECTOR, "#aanvragers option")]
    assert "Zoetermeer (GM0637)" in options and all("(" in o for o in options)
    title = f"Gekozen op naam {uuid.uuid4().hex[:6]}"
    browser.find_element(By.ID, "aanvrager").send_keys("zoetermeer")
    browser.find_element(By.ID, "titel").send_keys(title)
    browser.find_element(By.ID, "omschrijving").send_keys("De gemeente zoekt een training.")
    browser.find_element(By.ID, "behoefte-training-professionals-sleutelfiguren").click()
    Select(browser.find_element(By.ID, "kanaal")).select_by_value("telefoon")
    submit(browser)
    facts = {dt.text: dd.text for dt, dd in zip(browser.find_elements(By.CSS_SELECTOR, ".facts dt"), browser.find_elements(By.CSS_SELECTOR, ".facts dd"))}
    assert facts["Gemeente"] == "Zoetermeer" and facts["Aanvrager"] == "Zoetermeer", facts

    # The list filter takes the name too, and keeps the code in the address.
    browser.get(base_url + "/hulpvragen")
    field = browser.find_element(By.ID, "gemeente")
    field.send_keys("Zoetermeer")
    follow(browser, field, field.submit)
    assert "gemeente=GM0637" in browser.current_url and title in browser.page_source
    assert browser.find_element(By.ID, "gemeente").get_attribute("value") == "Zoetermeer (GM0637)"
    check_accessibility(browser, "request list filtered by a municipality's name")
