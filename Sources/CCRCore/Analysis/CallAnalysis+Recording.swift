extension CallAnalysis {
    /// Analyses a whole recording: each leg's 16 kHz samples, cut into frames and fed in
    /// media-time order exactly as live ingest feeds them. Returns every event.
    public static func analyse(recording legs: [Leg: [Float]], info: CallInfo, settings: AnalysisSettings) -> [CallEvent] {
        var analysis = CallAnalysis(info: info, settings: settings)
        var events: [CallEvent] = []
        let frames = legs.values.map { $0.count / Frame.sampleCount }.max() ?? 0
        for index in 0..<frames {
            for leg in Leg.allCases {
                guard let samples = legs[leg] else { continue }
                let start = index * Frame.sampleCount
                guard start + Frame.sampleCount <= samples.count else { continue }
                let frame = Frame(leg: leg, start: Int64(start), samples: Array(samples[start..<(start + Frame.sampleCount)]))
                analysis.consume(frame) { events.append($0) }
            }
        }
        analysis.finish { events.append($0) }
        return events
    }
}
