#!/usr/bin/env python3
"""A local double of Kazakhstan's eGov SmartBridge (ШЭП) for Plugboard's egov-gateway node. Standard library and
Debian's xmlsec1 only.

SyncChannel v10 (POST /bip-sync-wss-gost/) and AsyncChannel v10 (POST /bip-async-wss-gost/), SOAP 1.1. Every request
is checked as the gateway checks it, in this order, and refused with a SOAP fault (HTTP 500) whose detail is
SendMessageFault/errorInfo (errorCode, errorMessage, errorDate):
  1. the envelope: Header/wsse:Security with a BinarySecurityToken and a ds:Signature, a Body with wsu:Id,
     Body/SendMessage in the channel's types namespace, request/requestInfo (messageInfo on the async channel) with its
     children in the schema's order, messageId a UUID, messageDate an xs:dateTime               (SCE000, Client)
  2. the sender: a registered senderId with its password                                      (SCE001, Client)
  3. the signature: the token's certificate is the sender's, the Reference is "#" + the Body's wsu:Id, and
     `xmlsec1 --verify --pubkey-cert-pem <sender.crt> --id-attr:Id <soap>:Body` accepts it      (SCE002, Client)
  4. the service: unknown ids are refused (SCE003), DENIED refuses this sender (SCE004), BUSY is down (SCE005, Server).
Services: GBDFL (a person by iin from a small register; an unknown IIN answers status SCE404), ECHO (the data back).
A handled message answers SendMessageResponse/response with responseInfo (messageId, correlationId = the request's
messageId, responseDate, status {code SCSS001, message}, sessionId) and responseData/data, the Body signed as the
gateway signs it: WS-Security with the gateway's BinarySecurityToken and a signature over the Body's wsu:Id, made by
`xmlsec1 --sign` with a gateway key the double creates at start (its certificate at GET /_double/gateway.pem).
Async: a REQUEST is accepted (status SCSS001) and answered later; messageType FETCH with the correlationId returns the
answer once released (status SCE006 "no response yet" before).

Control (JSON): GET /_double/gateway.pem; POST /_double/senders {"senderId", "password", "certificate" (PEM)}; POST /_double/release
{"correlationId"}; GET /_double/requests -> the raw envelopes received, newest last.
Usage: smartbridge_double.py --port-file FILE
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import uuid
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
DS = "http://www.w3.org/2000/09/xmldsig#"
CHANNELS = {"/bip-sync-wss-gost/": ("http://bip.bee.kz/SyncChannel/v10/Types", "requestInfo", "requestData",
                                     ["messageId", "correlationId?", "serviceId", "messageDate", "routeId?", "sender", "properties*", "sessionId?"]),
            "/bip-async-wss-gost/": ("http://bip.bee.kz/AsyncChannel/v10/Types", "messageInfo", "messageData",
                                      ["messageId", "correlationId?", "serviceId", "messageType", "messageDate", "sender", "properties*", "sessionId?"])}
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
PEOPLE = {"880101300123": {"iin": "880101300123", "lastName": "Серикбаева", "firstName": "Айгерим", "birthDate": "1988-01-01",
                           "gender": "FEMALE", "citizenship": "KZ"}}
LOCK = threading.Lock()
GATEWAY = {}      # "key", "certificate" (paths), "pem", "base64"
SENDERS = {}      # senderId -> {"password", "certificate" (base64 DER), "pem"}
PENDING = {}      # correlationId -> {"data": xml text, "released": bool}
REQUESTS = []


class Refusal(Exception):
    def __init__(self, code, message, server=False):
        super().__init__(message)
        self.code, self.message, self.server = code, message, server


def q(ns, name):
    return "{%s}%s" % (ns, name)


def text(element, path):
    found = element.find(path)
    return (found.text or "") if found is not None else None


def check_order(info, layout):
    """The children's local names follow the schema's sequence (`?` optional, `*` repeated)."""
    names = [child.tag.split("}")[-1] for child in info]
    index = 0
    for entry in layout:
        name, mark = entry.rstrip("?*"), entry[-1] if entry[-1] in "?*" else ""
        count = 0
        while index < len(names) and names[index] == name and (mark == "*" or count == 0):
            index += 1
            count += 1
        if count == 0 and not mark:
            raise Refusal("SCE000", "%s: %s is missing or out of order (got %s)" % (info.tag.split("}")[-1], name, ", ".join(names)))
    if index != len(names):
        raise Refusal("SCE000", "%s: unexpected %s (the order is %s)" % (info.tag.split("}")[-1], names[index], ", ".join(layout)))


def verify_signature(raw, envelope, body, sender):
    security = envelope.find("%s/%s" % (q(SOAP, "Header"), q(WSSE, "Security")))
    token = security.find(q(WSSE, "BinarySecurityToken")) if security is not None else None
    signature = security.find(q(DS, "Signature")) if security is not None else None
    if token is None or signature is None:
        raise Refusal("SCE000", "The Security header needs a BinarySecurityToken and a Signature.")
    if re.sub(r"\s", "", token.text or "") != sender["certificate"]:
        raise Refusal("SCE002", "The BinarySecurityToken is not the sender's registered certificate.")
    references = signature.findall("%s/%s" % (q(DS, "SignedInfo"), q(DS, "Reference")))
    if [r.get("URI") for r in references] != ["#" + body.get(q(WSU, "Id"), "")]:
        raise Refusal("SCE002", "The signature must reference the Body by its wsu:Id.")
    with tempfile.TemporaryDirectory() as folder:
        message, certificate = os.path.join(folder, "message.xml"), os.path.join(folder, "sender.crt")
        with open(message, "wb") as f:
            f.write(raw)
        with open(certificate, "w") as f:
            f.write(sender["pem"])
        result = subprocess.run(["xmlsec1", "--verify", "--pubkey-cert-pem", certificate, "--id-attr:Id", SOAP + ":Body", message],
                                capture_output=True, text=True)
    if result.returncode != 0:
        last = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "xmlsec1 refused it"
        raise Refusal("SCE002", "The signature does not verify: " + last)


def handle(path, raw):
    namespace, info_name, data_name, layout = CHANNELS[path]
    try:
        envelope = ET.fromstring(raw)
    except ET.ParseError as error:
        raise Refusal("SCE000", "The message is not XML: %s" % error)
    body = envelope.find(q(SOAP, "Body"))
    if envelope.tag != q(SOAP, "Envelope") or body is None or not body.get(q(WSU, "Id")):
        raise Refusal("SCE000", "A SOAP 1.1 Envelope with a Body carrying wsu:Id is expected.")
    request = body.find("%s/request" % q(namespace, "SendMessage"))
    info = request.find(info_name) if request is not None else None
    if info is None:
        raise Refusal("SCE000", "Body/SendMessage/request/%s in %s is expected." % (info_name, namespace))
    check_order(info, layout)
    if not UUID.match(text(info, "messageId")):
        raise Refusal("SCE000", "messageId must be a UUID.")
    if not DATE_TIME.match(text(info, "messageDate")):
        raise Refusal("SCE000", "messageDate must be an xs:dateTime.")
    sender = SENDERS.get(text(info, "sender/senderId"))
    if sender is None or sender["password"] != text(info, "sender/password"):
        raise Refusal("SCE001", "The sender is not registered or its password is wrong.")
    verify_signature(raw, envelope, body, sender)
    service = text(info, "serviceId")
    data = request.find("%s/data" % data_name)
    if path.startswith("/bip-async") and text(info, "messageType") == "FETCH":
        pending = PENDING.get(text(info, "correlationId") or "")
        if pending is None:
            raise Refusal("SCE003", "No message has that correlation id.")
        if not pending["released"]:
            return "SCE006", "No response yet.", None, info
        return "SCSS001", "Message has been processed successfully", ET.fromstring(pending["data"]), info
    if service == "DENIED":
        raise Refusal("SCE004", "This sender may not call the service.")
    if service == "BUSY":
        raise Refusal("SCE005", "The service provider did not answer in time.", server=True)
    answer = ET.Element("data")
    if service == "GBDFL":
        person = PEOPLE.get(text(data, "iin") or "")
        if person is None:
            return "SCE404", "No person has this IIN.", None, info
        answer.set("{http://www.w3.org/2001/XMLSchema-instance}type", "PersonResponse")
        for key, value in person.items():
            ET.SubElement(answer, key).text = value
    elif service == "ECHO":
        answer = data
    else:
        raise Refusal("SCE003", "The service %s is not known to SmartBridge." % service)
    if path.startswith("/bip-async"):
        PENDING[text(info, "correlationId") or ""] = {"data": ET.tostring(answer, encoding="unicode"), "released": False}
        return "SCSS001", "Message has been accepted", None, info
    return "SCSS001", "Message has been processed successfully", answer, info


def now():
    return datetime.now(timezone(timedelta(hours=5))).isoformat(timespec="milliseconds")


def make_gateway(folder):
    """The gateway's own key and certificate, made once with openssl."""
    key, certificate = os.path.join(folder, "gateway.key"), os.path.join(folder, "gateway.crt")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate, "-days", "30",
                    "-subj", "/CN=SmartBridge Test Gateway/O=Plugboard"], check=True, capture_output=True)
    with open(certificate) as f:
        pem = f.read()
    GATEWAY.update(key=key, certificate=certificate, pem=pem, base64="".join(l for l in pem.splitlines() if not l.startswith("-----")))


def signed(envelope_bytes):
    """The answer with its Signature template filled by xmlsec1 with the gateway's key."""
    with tempfile.TemporaryDirectory() as folder:
        template, output = os.path.join(folder, "answer.xml"), os.path.join(folder, "signed.xml")
        with open(template, "wb") as f:
            f.write(envelope_bytes)
        subprocess.run(["xmlsec1", "--sign", "--privkey-pem", GATEWAY["key"], "--id-attr:Id", SOAP + ":Body", "--output", output, template],
                       check=True, capture_output=True)
        with open(output, "rb") as f:
            return f.read()


def security_header(envelope, body_id):
    """Header/wsse:Security with the gateway's token and an empty signature template over #body_id."""
    security = ET.SubElement(ET.SubElement(envelope, q(SOAP, "Header")), q(WSSE, "Security"))
    token = ET.SubElement(security, q(WSSE, "BinarySecurityToken"), {
        "EncodingType": "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary",
        "ValueType": "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3", q(WSU, "Id"): "gateway-token"})
    token.text = GATEWAY["base64"]
    signature = ET.SubElement(security, q(DS, "Signature"))
    info = ET.SubElement(signature, q(DS, "SignedInfo"))
    ET.SubElement(info, q(DS, "CanonicalizationMethod"), {"Algorithm": "http://www.w3.org/2001/10/xml-exc-c14n#"})
    ET.SubElement(info, q(DS, "SignatureMethod"), {"Algorithm": "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"})
    reference = ET.SubElement(info, q(DS, "Reference"), {"URI": "#" + body_id})
    ET.SubElement(ET.SubElement(reference, q(DS, "Transforms")), q(DS, "Transform"), {"Algorithm": "http://www.w3.org/2001/10/xml-exc-c14n#"})
    ET.SubElement(reference, q(DS, "DigestMethod"), {"Algorithm": "http://www.w3.org/2001/04/xmlenc#sha256"})
    ET.SubElement(reference, q(DS, "DigestValue"))
    ET.SubElement(signature, q(DS, "SignatureValue"))
    pointer = ET.SubElement(ET.SubElement(signature, q(DS, "KeyInfo")), q(WSSE, "SecurityTokenReference"))
    ET.SubElement(pointer, q(WSSE, "Reference"), {"URI": "#gateway-token"})


def response_xml(path, code, message, data, info):
    namespace, info_name, data_name, _ = CHANNELS[path]
    for prefix, uri in (("soap", SOAP), ("typ", namespace), ("wsse", WSSE), ("wsu", WSU), ("ds", DS)):
        ET.register_namespace(prefix, uri)
    envelope = ET.Element(q(SOAP, "Envelope"))
    body_id = "gateway-body-" + str(uuid.uuid4())
    security_header(envelope, body_id)
    body = ET.SubElement(envelope, q(SOAP, "Body"), {q(WSU, "Id"): body_id})
    response = ET.SubElement(ET.SubElement(body, q(namespace, "SendMessageResponse")), "response")
    head = ET.SubElement(response, "responseInfo" if info_name == "requestInfo" else "messageInfo")
    ET.SubElement(head, "messageId").text = str(uuid.uuid4())
    ET.SubElement(head, "correlationId").text = text(info, "correlationId") or text(info, "messageId")
    ET.SubElement(head, "responseDate").text = now()
    status = ET.SubElement(head, "status")
    ET.SubElement(status, "code").text = code
    ET.SubElement(status, "message").text = message
    if text(info, "sessionId"):
        ET.SubElement(head, "sessionId").text = text(info, "sessionId")
    if data is not None:
        ET.SubElement(response, "responseData" if data_name == "requestData" else "messageData").append(data)
    return signed(ET.tostring(envelope, encoding="utf-8", xml_declaration=True))


def fault_xml(path, refusal):
    namespace = CHANNELS.get(path, CHANNELS["/bip-sync-wss-gost/"])[0]
    return ("<?xml version='1.0' encoding='UTF-8'?><soap:Envelope xmlns:soap=\"%s\"><soap:Body><soap:Fault>"
            "<faultcode>soap:%s</faultcode><faultstring>%s</faultstring><detail><ns2:SendMessageFault xmlns:ns2=\"%s\">"
            "<errorInfo><errorCode>%s</errorCode><errorMessage>%s</errorMessage><errorDate>%s</errorDate></errorInfo>"
            "</ns2:SendMessageFault></detail></soap:Fault></soap:Body></soap:Envelope>"
            % (SOAP, "Server" if refusal.server else "Client", escape(refusal.message), namespace, refusal.code,
               escape(refusal.message), now())).encode()


def escape(value):
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body, content_type="text/xml; charset=utf-8"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/_double/gateway.pem":
            return self.reply(200, GATEWAY["pem"].encode(), "application/x-pem-file")
        if self.path == "/_double/requests":
            with LOCK:
                return self.reply(200, json.dumps(REQUESTS).encode(), "application/json")
        self.reply(404, b"")

    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path.startswith("/_double/"):
            data = json.loads(raw or b"{}")
            with LOCK:
                if self.path == "/_double/senders":
                    pem = data["certificate"]
                    body = "".join(line for line in pem.splitlines() if not line.startswith("-----"))
                    SENDERS[data["senderId"]] = {"password": data["password"], "certificate": body, "pem": pem}
                elif self.path == "/_double/release":
                    PENDING[data["correlationId"]]["released"] = True
            return self.reply(200, b"{}", "application/json")
        if self.path not in CHANNELS:
            return self.reply(404, b"")
        with LOCK:
            REQUESTS.append(raw.decode("utf-8", "replace"))
            try:
                code, message, data, info = handle(self.path, raw)
                self.reply(200, response_xml(self.path, code, message, data, info))
            except Refusal as refusal:
                self.reply(500, fault_xml(self.path, refusal))
            except Exception as error:  # noqa: BLE001 - a bug in the double answers as the gateway's own failure, with a line on stderr
                print("smartbridge double: %r" % error, file=sys.stderr)
                self.reply(500, fault_xml(self.path, Refusal("SCE999", "Internal error of the double.", server=True)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port-file", required=True)
    arguments = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="smartbridge-double-")
    make_gateway(folder)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    with open(arguments.port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(arguments.port_file + ".tmp", arguments.port_file)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
