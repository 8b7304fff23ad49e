# A plain static file server for the provisioning tests: Python's own http.server, with
# optional TLS (a certificate made by openssl) and optional Basic auth. Not phone-emu's code.
# Usage: static-server.py DIR [--tls CERT KEY] [--auth USER:PASSWORD]; prints "port N".
import base64, functools, http.server, ssl, sys

args = sys.argv[1:]
directory = args.pop(0)
tls = auth = None
while args:
    flag = args.pop(0)
    if flag == '--tls':
        tls = (args.pop(0), args.pop(0))
    elif flag == '--auth':
        auth = 'Basic ' + base64.b64encode(args.pop(0).encode()).decode()

class Handler(http.server.SimpleHTTPRequestHandler):
    def do_GET(self):
        if auth and self.headers.get('Authorization') != auth:
            self.send_response(401)
            self.send_header('WWW-Authenticate', 'Basic realm="provisioning"')
            self.send_header('Content-Length', '0')
            self.end_headers()
            return
        super().do_GET()

    def log_message(self, *args):
        pass

server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), functools.partial(Handler, directory=directory))
if tls:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tls[0], tls[1])
    server.socket = context.wrap_socket(server.socket, server_side=True)
print('port', server.server_address[1], flush=True)
server.serve_forever()
