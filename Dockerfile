# The image installs ctgraph's wheel (never the checkout), with the locked dependency versions.
# Wheels only, no compiler: the lock takes PyICU from wheels/ (pyicu-wheels, ICU bundled).
FROM python:3.11-slim AS wheels
WORKDIR /src
COPY . .
RUN pip wheel --no-cache-dir --no-deps -w /dist . \
    && pip wheel --no-cache-dir -c requirements.lock -w /dist /dist/ctgraph-*.whl

FROM python:3.11-slim
COPY --from=wheels /dist/ /tmp/dist/
RUN pip install --no-cache-dir --no-index --find-links /tmp/dist ctgraph && rm -rf /tmp/dist
WORKDIR /srv/ctgraph
EXPOSE 8000
CMD ["ctgraph", "serve", "--host", "0.0.0.0"]
