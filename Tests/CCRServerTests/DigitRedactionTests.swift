import CCRCore
import Testing

@testable import CCRServer

/// Card, phone and account numbers are masked before a transcript is sent or stored.
@Suite("Digit redaction")
struct DigitRedactionTests {
    let redaction = DigitRedaction(minimum: 6)

    @Test func longDigitRunsAreMaskedWhateverSeparatesThem() {
        #expect(redaction.redact("My card number is 4970 1012 3456 7890.") == "My card number is #### #### #### ####.")
        #expect(redaction.redact("c'est le 06 12 34 56 78") == "c'est le ## ## ## ## ##")
        #expect(redaction.redact("4,971,123,456,78890") == "#,###,###,###,#####")
        #expect(redaction.redact("IBAN FR76-3000-6000") == "IBAN FR##-####-####")
        #expect(redaction.redact("06, 12, 34, 56, 78") == "##, ##, ##, ##, ##")
        #expect(redaction.redact("4970 - 1012 - 3456") == "#### - #### - ####")
    }

    @Test func shortNumbersStay() {
        #expect(redaction.redact("I paid 1250 euros in 2024, on the 3rd.") == "I paid 1250 euros in 2024, on the 3rd.")
        #expect(redaction.redact("2 3 4 5") == "2 3 4 5")
        #expect(DigitRedaction(minimum: 0).redact("4970 1012 3456 7890") == "4970 1012 3456 7890")
    }

    @Test func wordsAreMaskedAlike() {
        let words = ["is", "4970", "1012", "3456", "7890.", "thanks", "2024"].enumerated().map {
            TranscriptWord(text: $0.element, start: Double($0.offset), end: Double($0.offset) + 0.5, probability: 0.9)
        }
        #expect(redaction.redact(words).map(\.text) == ["is", "####", "####", "####", "####.", "thanks", "2024"])
        let dashed = ["4970", "-", "1012", "-", "3456", "flat", "12"].map { TranscriptWord(text: $0, start: 0, end: 0, probability: 1) }
        #expect(redaction.redact(dashed).map(\.text) == ["####", "-", "####", "-", "####", "flat", "12"])
    }
}
