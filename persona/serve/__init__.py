"""`persona serve`: the style guide, the drafting desk and the JSON API on one ASGI app.

Nothing heavy is imported here: :mod:`persona.serve.app` pulls in Starlette,
:mod:`persona.serve.run` uvicorn, and only when ``persona serve`` runs.
"""
