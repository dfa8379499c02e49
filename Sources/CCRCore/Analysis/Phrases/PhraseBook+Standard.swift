extension PhraseBook {
    /// The default tolerance of category keywords: single words, so stricter ("bill" is not "will").
    public static let categoryTolerance = 0.15

    /// The shipped French and English sets (Config/ccrd.yaml writes out the same).
    public static let standard = PhraseBook(
        languages: [
            Language(
                code: "fr",
                irritants: [
                    Phrase(id: "unacceptable", variants: ["c'est inadmissible", "c'est inacceptable", "c'est scandaleux", "c'est honteux"]),
                    Phrase(id: "cancel", variants: ["je veux résilier", "je vais résilier", "résilier mon contrat", "résilier mon abonnement"]),
                    Phrase(id: "manager", variants: ["parler à un responsable", "parler à votre responsable", "passez-moi un responsable", "parler à votre supérieur"]),
                    Phrase(id: "complaint", variants: ["porter plainte", "faire une réclamation"]),
                    Phrase(id: "fed-up", variants: ["j'en ai marre", "j'en ai assez", "ras le bol"]),
                ],
                categories: [
                    Phrase(id: "billing", variants: ["facture", "facturation", "prélèvement", "remboursement", "paiement"], tolerance: categoryTolerance),
                    Phrase(id: "cancellation", variants: ["résilier", "résiliation", "mettre fin à mon contrat"], tolerance: categoryTolerance),
                    Phrase(id: "technical", variants: ["panne", "ne fonctionne pas", "ne marche pas", "connexion internet", "message d'erreur"], tolerance: categoryTolerance),
                    Phrase(id: "address-change", variants: ["changer l'adresse", "changer d'adresse", "changement d'adresse", "déménagement", "nouvelle adresse"], tolerance: categoryTolerance),
                ]),
            Language(
                code: "en",
                irritants: [
                    Phrase(id: "unacceptable", variants: ["this is unacceptable", "this is ridiculous", "this is outrageous", "this is a disgrace"]),
                    Phrase(id: "cancel", variants: ["cancel my subscription", "cancel my contract", "cancel my account", "i want to cancel"]),
                    Phrase(id: "manager", variants: ["speak to a manager", "talk to a manager", "speak to your supervisor", "talk to your supervisor"]),
                    Phrase(id: "complaint", variants: ["file a complaint", "make a complaint"]),
                    Phrase(id: "fed-up", variants: ["i am fed up", "sick and tired"]),
                ],
                categories: [
                    Phrase(id: "billing", variants: ["invoice", "billing", "refund", "payment", "my bill"], tolerance: categoryTolerance),
                    Phrase(id: "cancellation", variants: ["cancel", "cancellation", "terminate my contract"], tolerance: categoryTolerance),
                    Phrase(id: "technical", variants: ["not working", "outage", "internet connection", "error message"], tolerance: categoryTolerance),
                    Phrase(id: "address-change", variants: ["change my address", "change of address", "new address", "moving house"], tolerance: categoryTolerance),
                ]),
        ],
        scripts: [
            Script(
                language: "fr",
                steps: [
                    ScriptStep(phrase: Phrase(id: "greeting", variants: ["bonjour", "bonsoir", "bienvenue"]), withinSeconds: 15, weight: 2),
                    ScriptStep(phrase: Phrase(id: "identification", variants: ["je m'appelle", "votre nom", "votre numéro de client", "votre numéro de contrat", "à quel nom"])),
                    ScriptStep(phrase: Phrase(id: "needs", variants: ["que puis-je faire pour vous", "comment puis-je vous aider", "en quoi puis-je vous aider", "quelle est votre demande"])),
                    ScriptStep(phrase: Phrase(id: "solution", variants: ["je vous propose", "je m'en occupe", "c'est noté", "c'est fait", "je fais le nécessaire"])),
                    ScriptStep(phrase: Phrase(id: "closing", variants: ["autre chose pour vous", "bonne journée", "bonne soirée", "merci de votre appel", "au revoir"]), lastSeconds: 60, weight: 2),
                ]),
            Script(
                language: "en",
                steps: [
                    ScriptStep(phrase: Phrase(id: "greeting", variants: ["hello", "good morning", "good afternoon", "welcome to", "thank you for calling"]), withinSeconds: 15, weight: 2),
                    ScriptStep(phrase: Phrase(id: "identification", variants: ["my name is", "your name", "your account number", "your customer number"])),
                    ScriptStep(phrase: Phrase(id: "needs", variants: ["how can i help you", "what can i do for you", "how may i help you"])),
                    ScriptStep(phrase: Phrase(id: "solution", variants: ["i will take care of", "i have updated", "i can offer", "it is done", "let me fix"])),
                    ScriptStep(phrase: Phrase(id: "closing", variants: ["anything else", "have a nice day", "have a great day", "thank you for your call", "goodbye"]), lastSeconds: 60, weight: 2),
                ]),
        ])
}
