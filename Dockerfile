# The server image used by docker-compose.yml.
FROM swift:6.3-bookworm AS build
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends libpq-dev libxlsxwriter-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN swift build -c release --product talentledger \
    && cp "$(swift build -c release --show-bin-path)/talentledger" /usr/local/bin/talentledger \
    && cp -R policy /usr/local/share/talentledger-policy

FROM swift:6.3-bookworm-slim
# postgresql-client: pg_dump for `talentledger backup` against the compose database.
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends libpq5 libxlsxwriter4 postgresql-client \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /usr/local/bin/talentledger /usr/local/bin/talentledger
COPY --from=build /usr/local/share/talentledger-policy /usr/local/share/talentledger/policy
ENV TALENTLEDGER_POLICY_DIR=/usr/local/share/talentledger/policy
USER nobody
EXPOSE 8080
ENTRYPOINT ["talentledger"]
