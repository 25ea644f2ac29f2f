"""`partnerfolio export --format csv|xlsx`, round trips, neutralization, CRM mappings."""

from __future__ import annotations

import io
import json

import pytest

from partnerfolio.evidence.models import Opportunity
from partnerfolio.partners.models import PartnerOrganization
from partnerfolio.partnerships import services
from partnerfolio.partnerships.models import Partnership
from partnerfolio.spreadsheets.exporting import csv_bytes, neutralize, xlsx_bytes
from partnerfolio.spreadsheets.mappings import ready_mappings
from tests.partnerships.conftest import EXAMPLES
from tests.spreadsheets.conftest import run, write_csv

pytestmark = pytest.mark.django_db(transaction=True)


def documents() -> dict[str, dict]:
    from partnerfolio.partnerships import selectors

    docs = {}
    for p in Partnership.objects.all():
        doc = selectors.partnership_document(p)
        doc.pop("events", None)  # history: not carried by spreadsheets
        docs[p.name] = doc
    return docs


def _wipe() -> None:
    Partnership.objects.all().delete()
    PartnerOrganization.objects.all().delete()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_gives_the_same_record(capsys, tmp_path, fmt):
    assert run(capsys, "import", *map(str, EXAMPLES))[0] == 0
    before = documents()
    out = tmp_path / f"portfolio.{fmt}"
    code, text, err = run(capsys, "export", "--all", "--format", fmt, "--out", str(out))
    assert code == 0, err
    # importing it into the same record changes nothing
    code, text, err = run(capsys, "import", str(out))
    assert code == 0, err
    assert "created" not in text
    assert "updated" not in text
    _wipe()
    code, text, err = run(capsys, "import", str(out))
    assert code == 0, err
    after = documents()
    for name, doc in before.items():
        assert json.dumps(after[name], indent=1, sort_keys=True) == json.dumps(
            doc, indent=1, sort_keys=True
        )


def test_csv_export_to_standard_output(capsys):
    assert run(capsys, "import", str(EXAMPLES[0]))[0] == 0
    code, out, _ = run(capsys, "export", "--all", "--format", "csv")
    assert code == 0
    assert out.splitlines()[0].lstrip("\ufeff").startswith("record,name,")
    assert "\npartnership," in out


def test_json_stays_the_default(capsys):
    assert run(capsys, "import", str(EXAMPLES[0]))[0] == 0
    code, out, _ = run(capsys, "export", "--all")
    assert code == 0
    assert json.loads(out)["name"]


def test_formula_like_texts_are_neutralized_on_export(capsys, tmp_path):
    assert neutralize("=1+2") == "'=1+2"
    assert neutralize("+33 1 23") == "'+33 1 23"
    assert neutralize("-cmd") == "'-cmd"
    assert neutralize("@SUM(A1)") == "'@SUM(A1)"
    assert neutralize("\tx") == "'\tx"
    assert neutralize("\rx") == "'\rx"
    assert neutralize("-12.5") == "-12.5"
    assert neutralize("plain") == "plain"
    services.partnership_import(
        actor="t", document={"name": '=HYPERLINK("http://evil")', "governance": {"owner": "@owner"}}
    )
    _code, out, _ = run(capsys, "export", "--all", "--format", "csv")
    assert "'=HYPERLINK" in out
    assert ",'@owner," in out
    path = tmp_path / "p.xlsx"
    assert run(capsys, "export", "--all", "--format", "xlsx", "--out", str(path))[0] == 0
    from openpyxl import load_workbook

    sheet = load_workbook(path)["partnerships"]
    assert sheet["A2"].value == '\'=HYPERLINK("http://evil")'
    assert sheet["A2"].data_type == "s"
    # and an import reads the text back as it was
    Partnership.objects.all().delete()
    assert run(capsys, "import", str(path))[0] == 0
    assert Partnership.objects.get().name == '=HYPERLINK("http://evil")'


def test_writers_never_write_formulas():
    data = xlsx_bytes([("s", ["a"], [{"a": "=1+2"}])])
    from openpyxl import load_workbook

    cell = load_workbook(io.BytesIO(data))["s"]["A2"]
    assert cell.data_type == "s"
    assert cell.value == "'=1+2"
    assert csv_bytes(["a"], [{"a": "=1+2"}]).endswith(b"'=1+2\r\n")


def test_the_ready_mappings_load():
    assert set(ready_mappings()) == {
        "salesforce-account",
        "salesforce-opportunity",
        "hubspot-company",
        "hubspot-deal",
    }


def test_salesforce_accounts_then_opportunities(capsys, tmp_path):
    accounts = write_csv(
        tmp_path / "Accounts.csv",
        [
            ["Account ID", "Account Name", "Type", "Industry", "Billing Country"],
            ["0015g00000AbCdE", "Northwind Traders", "Partner", "Retail", "US"],
            ["0015g00000XyZzY", "State Digital Agency", "Partner", "Government", "US"],
        ],
    )
    code, out, err = run(capsys, "import", "--mapping", "salesforce-account", str(accounts))
    assert code == 0, err
    assert PartnerOrganization.objects.get(name="State Digital Agency").sector == "public"
    services.partnership_import(
        actor="t",
        document={"name": "Northwind resale", "partners": [{"name": "Northwind Traders"}]},
    )
    opportunities = write_csv(
        tmp_path / "Opportunities.csv",
        [
            [
                "Opportunity ID",
                "Opportunity Name",
                "Account Name",
                "Stage",
                "Amount",
                "Close Date",
                "Partner Account ID",
                "Lead Source",
            ],
            [
                "0065g00000Q1",
                "Contoso rollout",
                "Contoso",
                "Proposal/Price Quote",
                "48000",
                "2025-09-30",
                "0015g00000AbCdE",
                "Partner Referral",
            ],
            [
                "0065g00000Q2",
                "Fabrikam renewal",
                "Fabrikam",
                "Closed Won",
                "12000",
                "2025-03-31",
                "0015g00000AbCdE",
                "Web",
            ],
        ],
    )
    code, out, err = run(
        capsys, "import", "--mapping", "salesforce-opportunity", str(opportunities)
    )
    assert code == 0, err
    rows = {o.title: o for o in Opportunity.objects.all()}
    assert rows["Contoso rollout"].stage == "proposal"
    assert rows["Contoso rollout"].attribution == "partner_sourced"
    assert rows["Fabrikam renewal"].stage == "won"
    assert rows["Fabrikam renewal"].value == 12000
    # the next export finds them again by their Salesforce IDs, even renamed
    text = opportunities.read_text().replace("Contoso rollout", "Contoso rollout phase 1")
    opportunities.write_text(text)
    code, out, err = run(
        capsys, "import", "--mapping", "salesforce-opportunity", str(opportunities)
    )
    assert code == 0, err
    assert "updated: 1 opportunity" in out
    assert Opportunity.objects.count() == 2


def test_hubspot_companies_then_deals(capsys, tmp_path):
    companies = write_csv(
        tmp_path / "hubspot-companies.csv",
        [
            ["Record ID", "Company name", "Company Domain Name", "Industry"],
            ["9001", "Lumen Labs", "lumen.example", "Higher Education"],
        ],
    )
    assert run(capsys, "import", "--mapping", "hubspot-company", str(companies))[0] == 0
    assert PartnerOrganization.objects.get().sector == "academic"
    services.partnership_import(
        actor="t", document={"name": "Lumen research", "partners": [{"name": "Lumen Labs"}]}
    )
    deals = write_csv(
        tmp_path / "hubspot-deals.csv",
        [
            [
                "Record ID",
                "Deal Name",
                "Deal Stage",
                "Amount",
                "Close Date",
                "Pipeline",
                "Associated Company",
            ],
            [
                "7001",
                "Campus licence",
                "Contract Sent",
                "30000",
                "2025-10-01 00:00",
                "Sales Pipeline",
                "Lumen Labs",
            ],
        ],
    )
    code, _out, err = run(capsys, "import", "--mapping", "hubspot-deal", str(deals))
    assert code == 0, err
    deal = Opportunity.objects.get()
    assert (deal.title, deal.stage, deal.value) == ("Campus licence", "proposal", 30000)
    assert (
        run(capsys, "import", "--mapping", "hubspot-deal", str(deals))[1].count(
            "unchanged: 1 opportunity"
        )
        == 1
    )


def test_a_mapping_file_and_a_saved_mapping(capsys, tmp_path):
    mapping = tmp_path / "m.json"
    mapping.write_text(
        json.dumps({"kind": "partnership", "columns": {"Programme": "name", "Lead": "owner"}})
    )
    path = write_csv(tmp_path / "x.csv", [["Programme", "Lead"], ["Orion", "Kim"]])
    code, _, err = run(
        capsys, "import", "--mapping", str(mapping), "--save-mapping", "programmes", str(path)
    )
    assert code == 0, err
    assert Partnership.objects.get().owner == "Kim"
    path = write_csv(tmp_path / "y.csv", [["Programme", "Lead"], ["Vega", "Lee"]])
    assert run(capsys, "import", "--mapping", "programmes", str(path))[0] == 0
    assert Partnership.objects.get(name="Vega").owner == "Lee"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"columns": {"A": "nonsense"}}))
    code, _, err = run(capsys, "import", "--mapping", str(bad), str(path))
    assert code == 2
    assert "maps to 'nonsense', which is no field" in err
