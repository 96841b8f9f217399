"""Publishing the graph on the web: a read-only SPARQL endpoint, dereferenceable IRIs with
content negotiation, HTML pages, and the same pages as a static site.

`app.RotoApp` is a plain WSGI application (mount it in any WSGI server); `server.serve`
runs it on the standard library's threading server. Nothing here imports rdflib.
"""
