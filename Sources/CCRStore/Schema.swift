import GRDB

/// The store's tables, as an ordered list of migrations. Never edit a shipped migration:
/// add a new one.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-tokens") { db in
            try db.create(table: AccessToken.databaseTableName) { table in
                table.primaryKey("id", .text)
                table.column("hash", .text).notNull().unique()
                table.column("role", .text).notNull()
                table.column("teams", .text).notNull()
                table.column("label", .text)
                table.column("createdAt", .datetime).notNull()
                table.column("expiresAt", .datetime)
                table.column("revokedAt", .datetime)
            }
        }
        migrator.registerMigration("v2-calls") { db in
            try createCallTables(db)
        }
        migrator.registerMigration("v2-protection") { db in
            try createProtectionTables(db)
        }
        migrator.registerMigration("v3-service-runs") { db in
            try db.create(table: ServiceRun.databaseTableName) { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("startedAt", .integer).notNull()
                table.column("heartbeatAt", .integer).notNull()
                table.column("stoppedAt", .integer)
            }
        }
        migrator.registerMigration("v4-maintenance") { db in
            try db.create(table: MaintenanceWindow.databaseTableName) { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("startAt", .integer).notNull()
                table.column("endAt", .integer).notNull()
                table.column("reason", .text).notNull()
                table.column("createdAt", .integer).notNull()
                table.column("createdBy", .text).notNull()
                table.column("cancelledAt", .integer)
            }
            try db.create(index: "maintenance_window_start", on: MaintenanceWindow.databaseTableName, columns: ["startAt"])
        }
        migrator.registerMigration("v5-incidents") { db in
            try db.create(table: Incident.databaseTableName) { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("component", .text).notNull()
                table.column("priority", .text).notNull()
                table.column("summary", .text).notNull()
                table.column("openedAt", .integer).notNull()
                table.column("closedAt", .integer)
                table.column("deadlineAt", .integer)
                table.column("acknowledgedAt", .integer)
                table.column("acknowledgedBy", .text)
            }
            try db.create(index: "incident_opened", on: Incident.databaseTableName, columns: ["openedAt"])
        }
        migrator.registerMigration("v6-latency") { db in
            try db.create(table: LatencyHour.databaseTableName) { table in
                table.column("hourStart", .integer).notNull()
                table.column("route", .text).notNull()
                table.column("count", .integer).notNull()
                table.column("buckets", .text).notNull()
                table.primaryKey(["hourStart", "route"])
            }
        }
        migrator.registerMigration("v7-transcripts") { db in
            try createTranscriptTables(db)
        }
        migrator.registerMigration("v8-phrases") { db in
            try createPhraseTables(db)
        }
        migrator.registerMigration("v9-workspace") { db in
            try createWorkspaceTables(db)
        }
        return migrator
    }
}
