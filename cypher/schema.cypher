// Schema: the one file that holds several statements, each idempotent.
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT organization_id IF NOT EXISTS FOR (n:Organization) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT event_id IF NOT EXISTS FOR (n:Event) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT source_id IF NOT EXISTS FOR (n:Source) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT redirect_id IF NOT EXISTS FOR (n:Redirect) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT write_lock_id IF NOT EXISTS FOR (n:WriteLock) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT judgement_seq IF NOT EXISTS FOR (n:Judgement) REQUIRE n.seq IS UNIQUE;
CREATE CONSTRAINT review_source IF NOT EXISTS FOR (n:Review) REQUIRE n.sourceId IS UNIQUE;
CREATE INDEX event_start IF NOT EXISTS FOR (n:Event) ON (n.startDate);
CREATE INDEX organization_country IF NOT EXISTS FOR (n:Organization) ON (n.country);
CREATE INDEX change_entity IF NOT EXISTS FOR (c:Change) ON (c.entityId);
CREATE INDEX change_other IF NOT EXISTS FOR (c:Change) ON (c.otherId);
CREATE INDEX change_at IF NOT EXISTS FOR (c:Change) ON (c.at);
CREATE FULLTEXT INDEX entity_search IF NOT EXISTS
  FOR (n:Organization|Person|Event|Source) ON EACH [n.name, n.searchText];
