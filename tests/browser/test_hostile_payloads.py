"""Hostile text through every entry path, then every page and export opened in Chromium: nothing runs.

Each payload, when executed, pushes its number onto ``window.__xss``; template syntax, if evaluated,
would leave its result (49) in an export; spreadsheet formulas must come out as text. The payloads go
in through ingest (JSON, RSS, HTML files), the admin's paste form, the incident, place, source and
claim forms and a history revert, and the dashboard's own query string. Pages are checked twice: with
the Content-Security-Policy bypassed (so escaping alone must hold) and with it enforced (no violation
may be reported: a violation means something tried to run or load).
"""

import csv
import io
import json

import pytest
from django.core.management import call_command

from incidents.models import Article, Claim, Incident, Place, PlaceMention, Source
from tests.browser.conftest import CHROMIUM_ARGS, login

pytestmark = pytest.mark.django_db(transaction=True)

TEMPLATES = [
    "<script>window.__xss.push({n})</script>",
    '<img src=x onerror="window.__xss.push({n})">',
    '"><img src=x onerror=window.__xss.push({n})>',
    "'><svg onload=window.__xss.push({n})>",
    "</textarea><script>window.__xss.push({n})</script>",
    "</script><script>window.__xss.push({n})</script>",
    '<iframe srcdoc="<script>parent.__xss.push({n})</script>"></iframe>',
    '<a href="javascript:window.__xss.push({n})" id="x{n}">link</a>',
    '<details open ontoggle="window.__xss.push({n})">d</details>',
    '<input autofocus onfocus="window.__xss.push({n})">',
    "<svg><script>window.__xss.push({n})</script></svg>",
    '<object data="javascript:window.__xss.push({n})"></object>',
    '<video><source onerror="window.__xss.push({n})"></video>',
    '<math><mtext><table><mglyph><style><img src=x onerror="window.__xss.push({n})">',
    "<style>body{{background:url(//attacker.invalid/{n})}}</style>",
    '<base href="//attacker.invalid/{n}/">',
    "{{{{ 7*7 }}}}#{n}",
    "{{{{ cycler.__init__.__globals__.os.popen('id').read() }}}}#{n}",
    "{{% for i in range(3) %}}loop{{% endfor %}}#{n}",
    "${{7*7}}#{n}",
    "\u202e{n}انتشار\u202c",
    '=HYPERLINK("http://attacker.invalid/{n}","x")',
    "+cmd|' /C calc'!A{n}",
    "@SUM(1,{n})",
]
# Each template bare, then inside a real Arabic sentence (so it reaches extraction's evidence), then
# after a quote-breaking prefix: 72 payloads.
PAYLOADS = []
for variant in range(3):
    for template in TEMPLATES:
        n = len(PAYLOADS) + 1
        body = template.format(n=n)
        PAYLOADS.append(
            [body, f"هاجم مسلحون نقطة لقسد في بلدة ذيبان {body} بريف دير الزور.", f"\"'` {body}"][variant]
        )
assert len(PAYLOADS) >= 60

SENTENCE = "هاجم مسلحون مجهولون نقطة لقوات سوريا الديمقراطية في بلدة ذيبان بريف دير الزور الشرقي."

INIT = """
window.__xss = [];
window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));
"""


def _admin_post(client, url, **changes):
    """Submit an admin form as a person would: what the page shows, with some fields changed."""
    response = client.get(url)
    assert response.status_code == 200, url
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if isinstance(value, list | dict):
            value = json.dumps(value, ensure_ascii=False)
        data[name] = value.pk if hasattr(value, "pk") else value
    for name, value in changes.items():  # as a browser would, up to each field's maxlength
        limit = getattr(form.fields.get(name), "max_length", None)
        data[name] = value[:limit] if limit and isinstance(value, str) else value
    data.update({"claims-TOTAL_FORMS": 0, "claims-INITIAL_FORMS": 0})
    response = client.post(url, data)
    assert response.status_code == 302, (url, response.context and response.context["adminform"].form.errors)


def _put_payloads_everywhere(tmp_path, client) -> None:
    """Each payload through one entry path, round robin; the admin forms each get a few."""
    files = tmp_path / "in"
    files.mkdir()
    feed_items = []
    for n, payload in enumerate(PAYLOADS, start=1):
        path = n % 4
        text = f"{SENTENCE}\n{payload}\nوأفادت مصادر محلية بسقوط قتيلين."
        if path == 0:
            item = {"title": payload, "outlet": payload, "text": text, "url": f"https://example.org/p/{n}"}
            (files / f"p{n}.json").write_text(json.dumps(item, ensure_ascii=False), encoding="utf-8")
        elif path == 1:
            feed_items.append((n, payload, text))
        elif path == 2:
            html = (
                f"<html><head><title>{payload}</title></head><body><article><h1>title {n}</h1>"
                f"<p>{SENTENCE}</p><p>{payload.replace('<', '&lt;')}</p>{payload}<p>{SENTENCE} {n}</p>"
                "</article></body></html>"
            )
            (files / f"p{n}.html").write_text(html, encoding="utf-8")
        else:
            response = client.post(
                "/admin/incidents/article/add/",
                {"new_outlet": payload, "title": payload, "text": text, "language": "ar"},
            )
            assert response.status_code == 302, n
    rss = "".join(
        f"<item><title><![CDATA[{p}]]></title><link>https://example.org/rss/{n}</link>"
        f"<description><![CDATA[<p>{t}</p>{p}]]></description></item>"
        for n, p, t in feed_items
    )
    channel = "<![CDATA[" + PAYLOADS[0] + "]]>"
    (files / "feed.xml").write_text(
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{channel}</title>'
        f"{rss}</channel></rss>",
        encoding="utf-8",
    )
    call_command("ingest", str(files), "--no-progress", stdout=io.StringIO(), stderr=io.StringIO())

    # the incidents shown (copies of one report fold into their original's, and exports leave them out)
    incidents = list(Incident.objects.visible().order_by("pk"))
    for incident, payload in zip(incidents[::3], PAYLOADS, strict=False):  # every template, bare
        _admin_post(
            client,
            f"/admin/incidents/incident/{incident.pk}/change/",
            location=payload,
            notes=payload,
            actor1=payload,
            actor2=payload,
            admin2=payload,
        )
    # a history revert carries text too
    edited = incidents[0]
    first = edited.history.earliest()
    _admin_post(
        client, f"/admin/incidents/incident/{edited.pk}/history/{first.history_id}/", location=PAYLOADS[5]
    )
    for payload in PAYLOADS[:8]:
        _admin_post(
            client,
            "/admin/incidents/place/add/",
            name_en=payload,
            name_ar=payload,
            aliases=json.dumps([payload]),
            lat=35.0,
            lon=40.5,
            admin1="Deir ez-Zor",
            origin="analyst",
            kind="village",
            population=0,
            country="SY",
        )
    for source, payload in zip(Source.objects.order_by("pk")[:6], PAYLOADS[8:14], strict=False):
        _admin_post(client, f"/admin/incidents/source/{source.pk}/change/", name_en=payload, name_ar=payload)
    for claim, payload in zip(Claim.objects.order_by("pk")[:10], PAYLOADS[14:24], strict=False):
        _admin_post(
            client,
            f"/admin/incidents/claim/{claim.pk}/change/",
            cited_source=payload,
            claimed_perpetrator=payload,
        )


def _pages(live_server) -> list[str]:
    incidents = list(Incident.objects.order_by("pk").values_list("pk", flat=True))
    places = list(Place.objects.filter(origin="analyst").values_list("pk", flat=True))
    articles = list(Article.objects.values_list("pk", flat=True))
    mentions = list(PlaceMention.objects.filter(place__isnull=True).values_list("pk", flat=True)[:5])
    admin = "/admin/incidents"
    pages = ["/", "/?lang=ar", f"/?q={PAYLOADS[1]}", f"/?actor={PAYLOADS[4]}", f"/?q={PAYLOADS[16]}"]
    pages += [f"/?incident={pk}" for pk in incidents]
    pages += [
        f"{admin}/incident/",
        f"{admin}/incident/?q=%3Cscript%3E",
        f"{admin}/article/",
        f"{admin}/place/?origin__exact=analyst",
        f"{admin}/source/",
        f"{admin}/claim/",
        f"{admin}/placemention/",
        f"{admin}/placemention/queue/",
        f"{admin}/incident/duplicates/?window=all",
        "/admin/auth/user/",
    ]
    pages += [f"{admin}/incident/{pk}/change/" for pk in incidents[::3]]
    pages += [f"{admin}/incident/{pk}/history/" for pk in incidents[:6]]
    pages += [f"{admin}/place/{pk}/change/" for pk in places] + [
        f"{admin}/place/{pk}/history/" for pk in places
    ]
    pages += [f"{admin}/article/{pk}/change/" for pk in articles[::4]]
    pages += [f"{admin}/placemention/{pk}/resolve/" for pk in mentions]
    return [live_server.url + p for p in pages]


def _visit_all(browser, live_server, urls, *, bypass_csp: bool) -> dict:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, bypass_csp=bypass_csp)
    page = context.new_page()
    page.add_init_script(INIT)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    login(page, live_server, "admin", "pw-admin")  # the role that sees every admin page
    found = {"xss": {}, "csp": {}, "dialogs": dialogs}
    for url in urls:
        page.goto(url)
        if url.startswith(live_server.url + "/?"):
            page.wait_for_selector("body[data-loading=false]", timeout=10_000)
        if "?incident=" in url:
            page.wait_for_selector("#detail:not([hidden]) .claim", timeout=5000)
            page.hover("#detail")
        xss = page.evaluate("window.__xss")
        csp = page.evaluate("window.__csp")
        if xss:
            found["xss"][url] = xss
        if csp:
            found["csp"][url] = csp
    context.close()
    return found


@pytest.fixture
def editor_client(client, role_users, gazetteer):
    client.force_login(role_users["Editor"])
    return client


def test_hostile_payloads_never_run_in_any_page_or_export(
    browser, live_server, editor_client, settings, tmp_path
):
    settings.TILE_URL = ""
    _put_payloads_everywhere(tmp_path, editor_client)
    assert Incident.objects.count() >= len(PAYLOADS) // 2
    urls = _pages(live_server)

    escaped = _visit_all(browser, live_server, urls, bypass_csp=True)
    assert escaped["xss"] == {} and escaped["dialogs"] == [], escaped
    # the policy depends on the page's kind, not on its data: every kind, and ten incident details
    details = [u for u in urls if "?incident=" in u]
    kinds = [u for u in urls if "?incident=" not in u]
    enforced = _visit_all(browser, live_server, kinds + details[:10], bypass_csp=False)
    assert enforced["xss"] == {} and enforced["csp"] == {} and enforced["dialogs"] == [], enforced

    # exports: text stays text, templates are not evaluated, formulas are not formulas
    html = editor_client.get("/export/incidents.html").content.decode()
    assert "uid=" not in html and "looplooploop" not in html
    for m in ("49#", "49 #"):
        assert m not in html
    rows = list(csv.reader(io.StringIO(editor_client.get("/export/incidents.csv").getvalue().decode())))
    cells = [c for row in rows[1:] for c in row]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
    geojson = json.loads(editor_client.get("/export/incidents.geojson").getvalue())
    locations = {f["properties"]["location"] for f in geojson["features"]}
    # every visible located incident (copies of one report fold into its original's incidents)
    assert locations == set(Incident.objects.visible().located().values_list("location", flat=True))
    assert any("{{ 7*7 }}" in loc for loc in locations)  # the text itself, not 49

    # the HTML export opened from disk, offline: no payload runs, nothing is fetched
    export = tmp_path / "map.html"
    export.write_text(html, encoding="utf-8")
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(INIT)
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(export.as_uri())
    page.wait_for_selector(".marker-cluster, path.leaflet-interactive", timeout=10_000)
    assert page.evaluate("window.__xss") == []
    assert page.locator(".leaflet-marker-icon, .marker-cluster, path.leaflet-interactive").count() > 0
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    context.close()


def test_chromium_runs_with_the_projects_flags():
    assert "--disable-background-networking" in CHROMIUM_ARGS
