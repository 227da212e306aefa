MATCH (r:Redirect {id: $id}) RETURN r.targetId AS targetId
