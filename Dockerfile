# The image installs ctgraph's wheel (never the checkout), with the locked dependency versions.
FROM python:3.11-slim AS wheel
WORKDIR /src
COPY . .
RUN pip wheel --no-cache-dir --no-deps -w /dist .

FROM python:3.11-slim
COPY requirements.lock /tmp/requirements.lock
COPY --from=wheel /dist/ /tmp/dist/
RUN pip install --no-cache-dir -c /tmp/requirements.lock /tmp/dist/*.whl && rm -rf /tmp/dist
WORKDIR /srv/ctgraph
EXPOSE 8000
CMD ["ctgraph", "serve", "--host", "0.0.0.0"]
