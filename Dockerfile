# The image installs ctgraph's wheel (never the checkout), with the locked dependency versions.
# PyICU (under the name libraries) has no wheels: it is built in the first stage.
FROM python:3.11-slim AS wheels
RUN apt-get update && apt-get install -y --no-install-recommends g++ pkg-config libicu-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN pip wheel --no-cache-dir --no-deps -w /dist . \
    && pip wheel --no-cache-dir -c requirements.lock -w /dist /dist/ctgraph-*.whl

FROM python:3.11-slim
RUN apt-get update && apt-get install -y --no-install-recommends libicu72 \
    && rm -rf /var/lib/apt/lists/*
COPY --from=wheels /dist/ /tmp/dist/
RUN pip install --no-cache-dir --no-index --find-links /tmp/dist ctgraph && rm -rf /tmp/dist
WORKDIR /srv/ctgraph
EXPOSE 8000
CMD ["ctgraph", "serve", "--host", "0.0.0.0"]
