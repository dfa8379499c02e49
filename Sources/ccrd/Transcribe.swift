import ArgumentParser
import CCRCore
import CCRMedia
import CCRSpeech
import Foundation

/// `ccrd transcribe FILE`: what was said in a recording, by the same engine live calls will use.
struct Transcribe: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Transcribe a WAV file (mono, or one channel of a stereo file) on this machine.",
        discussion: """
            Needs the transcription engine and model that `make asr` installs (into .build-asr, \
            before building). Prints one line per segment: start and end in seconds, then the text; \
            --format json prints the segments as JSON.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text
        case json
    }

    @Argument(help: "WAV file (8–48 kHz PCM; mono, or stereo with --channel).")
    var file: String

    @Option(help: "Language of the speech: a Whisper code (en, fr, …), or auto (detection on a few seconds can be wrong).")
    var language: String

    @Option(help: "Channel of a stereo file: 0 (left, the agent) or 1 (right, the customer).")
    var channel = 0

    @Option(help: "The ggml Whisper model.")
    var model = ".build-asr/ggml-base.bin"

    @Option(help: "Decoding threads.")
    var threads = 2

    @Option(help: "Output: text or json.")
    var format: Format = .text

    @Option(help: "Words to expect, as a prompt that biases the decoder.")
    var prompt: String?

    @Flag(help: "Prompt the decoder with the shipped phrase book's phrasings in --language (what phrases.prompt does live).")
    var phrasePrompt = false

    func run() throws {
        let audio: [Float]
        do {
            let wav = try WAVFile(path: file)
            guard wav.channels.indices.contains(channel) else {
                FileHandle.standardError.write(Data("ccrd: \(file) has \(wav.channels.count) channel(s); --channel \(channel) is not one\n".utf8))
                throw ExitCode(64)  // EX_USAGE
            }
            audio = wav.channels[channel]
        } catch let error as WAVFile.ReadError {
            FileHandle.standardError.write(Data("ccrd: \(error.description)\n".utf8))
            throw ExitCode(66)  // EX_NOINPUT
        }
        let segments: [RecognizedSegment]
        do {
            let transcriber = try Transcriber(modelPath: model, threads: threads)
            segments = try transcriber.transcribe(audio, language: language, prompt: prompt ?? (phrasePrompt ? PhraseBook.standard.prompt(language: language) : nil))
        } catch {
            FileHandle.standardError.write(Data("ccrd: \(error.description)\n".utf8))
            throw ExitCode(69)  // EX_UNAVAILABLE
        }
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(segments), as: UTF8.self))
        case .text:
            for segment in segments {
                print(String(format: "%7.2f %7.2f  ", segment.start, segment.end) + segment.text)
            }
        }
    }
}
