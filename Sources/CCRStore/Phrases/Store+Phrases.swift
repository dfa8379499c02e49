import CCRCore
import Foundation
import GRDB

/// What was said: phrases heard and each call's `call.phrases` report, written by the transcript
/// writer's batches (`save(_: TranscriptBatch)`), read with the call.
extension Store {
    static func insert(_ detection: PhraseDetection, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO callPhrase (callId, kind, phrase, start, end, leg, text, language, confidence)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                """,
            arguments: [
                detection.callId, detection.set.rawValue, detection.phrase, detection.start, detection.end, detection.leg.rawValue,
                detection.text, detection.language, detection.confidence,
            ])
    }

    /// Whether a call's report can be written: its row exists and is final (a live row's score
    /// would be overwritten by its final write).
    static func isEnded(_ callId: String, _ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT 1 FROM call WHERE id = ? AND state = 'ended'", arguments: [callId]) ?? false
    }

    /// Keeps a call's report: its JSON beside the call row, the final score with the script's steps,
    /// categories, steps, and the alerts raised on phrases (counted once each).
    static func save(_ report: CallPhrases, _ db: Database) throws {
        let json = JSONEncoder()
        json.outputFormatting = .sortedKeys
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT agentId, team, callerNumber, startedAt FROM call WHERE id = ?", arguments: [report.callId])
        else { return }
        let identity = CallRecordIdentity(
            agentId: row["agentId"], team: row["team"], callerNumber: row["callerNumber"],
            startedAt: Date(timeIntervalSince1970: Double(row["startedAt"] as Int64) / 1000))
        var newAlerts = 0
        for alert in report.alerts {
            let known = try Bool.fetchOne(
                db, sql: "SELECT 1 FROM callAlert WHERE callId = ? AND id = ?", arguments: [alert.callId, alert.id]) ?? false
            if !known { newAlerts += 1 }
            try StoredAlert(
                alert, agentId: identity.agentId, team: identity.team, callerNumber: identity.callerNumber,
                callStartedAt: identity.startedAt
            ).save(db)
        }
        let text = String(decoding: try json.encode(report), as: UTF8.self)
        try db.execute(
            sql: "INSERT INTO callPhraseReport (callId, report) VALUES (?, ?) ON CONFLICT DO UPDATE SET report = excluded.report",
            arguments: [report.callId, text])
        if let score = report.score {
            let detail = String(decoding: try json.encode(score.criteria), as: UTF8.self)
            try db.execute(
                sql: "UPDATE call SET score = ?, scorecardVersion = ?, scoreDetail = ?, alertCount = alertCount + ? WHERE id = ?",
                arguments: [score.score, score.scorecardVersion, detail, newAlerts, report.callId])
        } else {
            try db.execute(sql: "UPDATE call SET alertCount = alertCount + ? WHERE id = ?", arguments: [newAlerts, report.callId])
        }
        for category in report.categories {
            try db.execute(
                sql: "INSERT INTO callCategory (callId, category, matches) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET matches = excluded.matches",
                arguments: [report.callId, category.category, category.matches])
        }
        for step in report.steps {
            try db.execute(
                sql: """
                    INSERT INTO callScriptStep (callId, step, status, saidAt) VALUES (?, ?, ?, ?)
                    ON CONFLICT DO UPDATE SET status = excluded.status, saidAt = excluded.saidAt
                    """, arguments: [report.callId, step.step, step.status.rawValue, step.at])
        }
    }

    /// Adds the phrase counts of the calls matching `condition` (on table `call`) to the daily
    /// phrase aggregates: calls per category, irritant phrases, script steps missed.
    static func foldPhrases(_ db: Database, where condition: String, arguments: StatementArguments) throws {
        let calls = "SELECT id FROM call WHERE \(condition)"
        let day = "date(call.startedAt / 1000, 'unixepoch')"
        let parts = [
            "SELECT \(day), COALESCE(call.team, ''), 'category', g.category, COUNT(*) FROM callCategory g JOIN call ON call.id = g.callId WHERE g.callId IN (\(calls)) GROUP BY 1, 2, 4",
            "SELECT \(day), COALESCE(call.team, ''), 'irritant', p.phrase, COUNT(*) FROM callPhrase p JOIN call ON call.id = p.callId WHERE p.kind = 'irritant' AND p.callId IN (\(calls)) GROUP BY 1, 2, 4",
            "SELECT \(day), COALESCE(call.team, ''), 'missedStep', s.step, COUNT(*) FROM callScriptStep s JOIN call ON call.id = s.callId WHERE s.status = 'missed' AND s.callId IN (\(calls)) GROUP BY 1, 2, 4",
        ]
        for part in parts {
            try db.execute(
                sql: """
                    INSERT INTO dailyPhraseAggregate (day, team, kind, name, count) \(part)
                    ON CONFLICT (day, team, kind, name) DO UPDATE SET count = count + excluded.count
                    """, arguments: arguments)
        }
    }

    /// The phrases heard in a call, in time order.
    static func phrases(of callId: String, _ db: Database) throws -> [StoredPhrase] {
        try StoredPhrase.fetchAll(
            db, sql: "SELECT kind, phrase, start, end, leg, text, language, confidence FROM callPhrase WHERE callId = ? ORDER BY start",
            arguments: [callId])
    }

    /// A call's `call.phrases` report, nil until its transcription is complete.
    static func phraseReport(of callId: String, _ db: Database) throws -> CallPhrases? {
        guard let text = try String.fetchOne(db, sql: "SELECT report FROM callPhraseReport WHERE callId = ?", arguments: [callId]) else {
            return nil
        }
        return try? JSONDecoder().decode(CallPhrases.self, from: Data(text.utf8))
    }
}

/// Who a call is about, as its alerts are stored with it.
private struct CallRecordIdentity {
    var agentId: String
    var team: String?
    var callerNumber: String?
    var startedAt: Date
}
