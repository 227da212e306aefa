FROM python:3.11-slim
WORKDIR /srv/ctgraph
COPY . .
RUN pip install --no-cache-dir -e .
EXPOSE 8000
CMD ["ctgraph", "serve", "--host", "0.0.0.0"]
