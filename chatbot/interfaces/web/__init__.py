"""The web chat: a Starlette app (page, JSON API, signed stateless tokens) and `careerbot serve`."""
