import CCRCore
import Foundation

#if canImport(CWhisper)
import CWhisper
#endif

/// One thread's decoding state on the shared Whisper model. Not for sharing between threads.
final class WhisperDecoder: SpeechDecoder {
    private let transcriber: Transcriber
    #if canImport(CWhisper)
    private let state: OpaquePointer
    #endif

    init(transcriber: Transcriber) throws(TranscriptionError) {
        self.transcriber = transcriber
        #if canImport(CWhisper)
        guard let made = whisper_init_state(transcriber.context) else { throw .decodingFailed(-1) }
        state = made
        #else
        throw .unavailable
        #endif
    }

    deinit {
        #if canImport(CWhisper)
        whisper_free_state(state)
        #endif
    }

    func detectLanguage(_ samples: [Float], among candidates: [String]) throws(TranscriptionError) -> (code: String, probability: Double) {
        #if canImport(CWhisper)
        let ids = candidates.map { (code: $0, id: whisper_lang_id($0)) }
        if let unknown = ids.first(where: { $0.id < 0 }) { throw .unknownLanguage(unknown.code) }
        guard ids.count > 1 else { return (candidates.first ?? "en", 1) }
        let context = transcriber.context
        let status = samples.withUnsafeBufferPointer { buffer in
            whisper_pcm_to_mel_with_state(context, state, buffer.baseAddress, Int32(buffer.count), transcriber.threads)
        }
        guard status == 0 else { throw .decodingFailed(Int(status)) }
        var probabilities = [Float](repeating: 0, count: Int(whisper_lang_max_id()) + 1)
        let top = probabilities.withUnsafeMutableBufferPointer { buffer in
            whisper_lang_auto_detect_with_state(context, state, 0, transcriber.threads, buffer.baseAddress)
        }
        guard top >= 0 else { throw .decodingFailed(Int(top)) }
        let best = ids.max { probabilities[Int($0.id)] < probabilities[Int($1.id)] }!
        let total = ids.reduce(Float(0)) { $0 + probabilities[Int($1.id)] }
        return (best.code, total > 0 ? Double(probabilities[Int(best.id)] / total) : 0)
        #else
        throw .unavailable
        #endif
    }

    func transcribe(_ samples: [Float], language: String, prompt: String?) throws(TranscriptionError) -> [RecognizedSegment] {
        #if canImport(CWhisper)
        guard language == "auto" || whisper_lang_id(language) >= 0 else { throw .unknownLanguage(language) }
        let context = transcriber.context
        // whisper.cpp reads the prompt during the call only: a C string that lives as long.
        let promptText = strdup(prompt ?? "")
        defer { free(promptText) }
        let status = language.withCString { code in
            var parameters = whisper_full_default_params(WHISPER_SAMPLING_GREEDY)
            if let prompt, !prompt.isEmpty { parameters.initial_prompt = UnsafePointer(promptText) }
            parameters.n_threads = transcriber.threads
            parameters.language = code
            parameters.detect_language = false
            parameters.no_context = true
            parameters.print_progress = false
            parameters.print_realtime = false
            parameters.print_timestamps = false
            parameters.print_special = false
            parameters.temperature = 0
            parameters.temperature_inc = 0
            parameters.max_tokens = Transcriber.maxTokensPerSegment
            parameters.token_timestamps = true
            // No "(speaking in foreign language)", "[Music]": words only.
            parameters.suppress_nst = true
            // An utterance (≤ 9.5 s) needs only a third of Whisper's 30 s window: the encoder
            // costs about a quarter as much. Longer audio keeps the whole window.
            if samples.count <= Transcriber.shortUtteranceSamples { parameters.audio_ctx = 500 }
            return samples.withUnsafeBufferPointer { buffer in
                whisper_full_with_state(context, state, parameters, buffer.baseAddress, Int32(buffer.count))
            }
        }
        guard status == 0 else { throw .decodingFailed(Int(status)) }
        let endOfText = whisper_token_eot(context)
        var segments: [RecognizedSegment] = []
        for index in 0..<whisper_full_n_segments_from_state(state) {
            let text = whisper_full_get_segment_text_from_state(state, index).map { String(cString: $0) } ?? ""
            var words: [TranscriptWord] = []
            var word: (bytes: [UInt8], start: Int64, end: Int64, probabilities: [Float])?
            func closeWord() {
                guard let open = word else { return }
                let text = String(decoding: open.bytes, as: UTF8.self).trimmingCharacters(in: .whitespaces)
                if !text.isEmpty {
                    words.append(
                        TranscriptWord(
                            text: text, start: Double(open.start) / 100, end: Double(open.end) / 100,
                            probability: Double(open.probabilities.reduce(0, +)) / Double(max(1, open.probabilities.count))))
                }
                word = nil
            }
            var logSum = 0.0
            var probabilitySum = 0.0
            var tokens = 0
            for token in 0..<whisper_full_n_tokens_from_state(state, index) {
                let data = whisper_full_get_token_data_from_state(state, index, token)
                guard data.id < endOfText, let piece = whisper_full_get_token_text_from_state(context, state, index, token) else { continue }
                logSum += Double(data.plog)
                probabilitySum += Double(data.p)
                tokens += 1
                let bytes = Array(UnsafeBufferPointer(start: UnsafeRawPointer(piece).assumingMemoryBound(to: UInt8.self), count: strlen(piece)))
                // A token that starts with a space starts a word; others continue it (a word's
                // accented letters may be split across tokens, byte by byte).
                if bytes.first == UInt8(ascii: " ") || word == nil {
                    closeWord()
                    word = (bytes, data.t0, data.t1, [data.p])
                } else {
                    word!.bytes += bytes
                    word!.end = max(word!.end, data.t1)
                    word!.probabilities.append(data.p)
                }
            }
            closeWord()
            segments.append(
                RecognizedSegment(
                    start: Double(whisper_full_get_segment_t0_from_state(state, index)) / 100,
                    end: Double(whisper_full_get_segment_t1_from_state(state, index)) / 100,
                    text: text.trimmingCharacters(in: .whitespaces),
                    noSpeechProbability: Double(whisper_full_get_segment_no_speech_prob_from_state(state, index)),
                    averageLogProbability: tokens > 0 ? logSum / Double(tokens) : 0,
                    meanProbability: tokens > 0 ? probabilitySum / Double(tokens) : 0,
                    words: words))
        }
        return segments
        #else
        throw .unavailable
        #endif
    }
}
