"""Drives the Carbone double with Carbone's own Python SDK (carbone-sdk on PyPI), to prove the double answers as the
real API does for the official client: upload, render, fetch once, download, delete.

    carbone_check.py URL TOKEN TEMPLATE_FILE

Prints one JSON object: the template id (and whether it equals the SDK's own generate_template_id), the rendered
file's name and text, whether a second fetch fails, and the delete's answer.
"""
import json
import sys

from carbone_sdk import CarboneSDK


def main():
    url, token, template = sys.argv[1], sys.argv[2], sys.argv[3]
    sdk = CarboneSDK(token)
    sdk.set_api_url(url)
    uploaded = sdk.add_template(template, "salt-1")
    template_id = uploaded["data"]["templateId"]
    report, name = sdk.render(template_id, {"data": {"customer": {"name": "Ada"}}, "convertTo": "pdf", "reportName": "invoice-{d.customer.name}"})
    rendered = sdk.render_report(template_id, {"data": {"customer": {"name": "Grace"}}, "convertTo": "html"})
    first, _ = sdk.get_report(rendered["data"]["renderId"])
    second, _ = sdk.get_report(rendered["data"]["renderId"])
    print(json.dumps({
        "templateId": template_id,
        "sameAsSDK": template_id == sdk.generate_template_id(template, "salt-1"),
        "reportName": name,
        "report": report.decode(),
        "html": first.decode(),
        "secondFetch": json.loads(second.decode()),
        "download": sdk.get_template(template_id).decode(),
        "deleted": sdk.delete_template(template_id),
    }))


if __name__ == "__main__":
    main()
