using Assistant.Core.Answering;
using Assistant.Core.Answering.Extractive;
using Assistant.Core.Retrieval;
using Assistant.Tests.TestSupport;

namespace Assistant.Tests.Answering;

public sealed class ExtractiveAnswererTests
{
    private readonly ExtractiveAnswerer _answerer = new();

    [Fact]
    public void Answers_with_the_best_covering_sentence_and_its_citation_number()
    {
        var hits = new[]
        {
            Hit(1, "Refunds > Policy", "Refunds\nPolicy\nRefunds are accepted within 30 days of purchase. Shipping is free for members."),
            Hit(2, "Other", "Our office is closed on public holidays and weekends."),
        };

        var answer = _answerer.Answer("What is the refund policy?", hits);

        Assert.True(answer.Found);
        Assert.Equal(AnswerResult.ExtractiveMode, answer.Mode);
        Assert.Equal("Refunds are accepted within 30 days of purchase. [1]", answer.Answer);
        Assert.Equal([1, 2], answer.Sources.Select(s => s.N));
        Assert.Same(hits[0], answer.Sources[0].Hit);
    }

    [Fact]
    public void A_how_long_question_prefers_the_sentence_with_the_duration_over_one_that_repeats_its_words()
    {
        var hits = new[]
        {
            Hit(1, "FAQ > Billing and refunds > What is your refund policy?", "Annual subscriptions can be refunded in full within 30 days of the initial purchase."),
            Hit(2, "Evaluation > Paraphrases", "Users ask about a refund while the policy says reimbursement."),
        };

        // Two passages give no useful term statistics; the threshold is not what this test is about.
        var answer = new ExtractiveAnswerer(options: new ExtractiveOptions { MinConfidence = 0 }).Answer("How long do I have to ask for a refund?", hits);

        Assert.StartsWith("Annual subscriptions can be refunded in full within 30 days of the initial purchase. [1]", answer.Answer);
    }

    [Theory]
    [InlineData("How long do refunds take?", true)]
    [InlineData("When does the office open?", true)]
    [InlineData("환불은 며칠 안에 가능한가요?", true)]
    [InlineData("요금은 얼마인가요?", true)]
    [InlineData("What is the refund policy?", false)]
    [InlineData("환불 정책은 무엇인가요?", false)]
    [InlineData("Whenever I log in, what happens?", false)]
    public void Recognises_questions_that_ask_for_a_quantity(string question, bool expected) =>
        Assert.Equal(expected, ExtractiveAnswerer.AsksForQuantity(question));

    [Fact]
    public void Without_hits_it_says_the_documents_do_not_answer_in_the_questions_language()
    {
        Assert.Equal("The documents don't say: nothing in the index answers this question.", _answerer.Answer("What is the refund policy?", []).Answer);
        var korean = _answerer.Answer("환불 정책은 무엇인가요?", []);
        Assert.False(korean.Found);
        Assert.Equal("문서에서 이 질문에 대한 답을 찾지 못했습니다.", korean.Answer);
    }

    [Fact]
    public void A_loosely_related_passage_is_not_quoted_as_an_answer()
    {
        var hits = new[] { Hit(1, "Refunds", "Refunds are handled by the billing team every weekday morning.") };

        var answer = _answerer.Answer("What is the boiling point of mercury in kelvin?", hits);

        Assert.False(answer.Found);
        Assert.Single(answer.Sources);
    }

    [Fact]
    public void Korean_questions_match_korean_passages_through_particles()
    {
        var hits = new[] { Hit(1, "환불 정책", "환불은 구매 후 30일 이내에 영수증이 있으면 가능합니다.") };

        var answer = _answerer.Answer("환불 정책은 무엇인가요?", hits);

        Assert.True(answer.Found);
        Assert.Equal("환불은 구매 후 30일 이내에 영수증이 있으면 가능합니다. [1]", answer.Answer);
    }

    [Fact]
    public void Headings_and_short_fragments_are_never_the_answer()
    {
        var hits = new[] { Hit(1, "Refund policy", "Refund policy\n# Refund policy\nThe refund policy allows returns for 30 days after delivery.") };

        var answer = _answerer.Answer("refund policy", hits);

        Assert.Equal("The refund policy allows returns for 30 days after delivery. [1]", answer.Answer);
    }

    [Fact]
    public void With_index_statistics_a_passage_missing_the_questions_rare_word_does_not_answer_it()
    {
        var hits = new[] { Hit(1, "Nimbus Notes > Sharing", "In Nimbus Notes you can send a note to a colleague by email or share a link.") };
        // "fax" is in no chunk; "nimbus", "notes" and "send" are everywhere.
        var stats = new TermStatistics(1000, new Dictionary<string, int> { ["nimbus"] = 900, ["note"] = 950, ["send"] = 300 });

        Assert.True(_answerer.Answer("How do I send a note by fax?", hits).Found);
        Assert.False(_answerer.Answer("How do I send a note by fax?", hits, stats).Found);
    }

    [Fact]
    public void A_korean_question_verb_matches_the_same_stem_in_a_heading_and_bound_syllables_do_not_count()
    {
        var hits = new[] { Hit(1, "결제와 환불 > 환불은 어떻게 받나요?", "결제일로부터 7일 이내에 요청하시면 전액 환불해 드립니다.") };
        var stats = new TermStatistics(100, new Dictionary<string, int> { ["환불"] = 3, ["받나"] = 1 });

        var answer = _answerer.Answer("환불은 며칠 안에 받을 수 있나요?", hits, stats);

        Assert.True(answer.Found);
        Assert.StartsWith("결제일로부터 7일 이내에 요청하시면 전액 환불해 드립니다. [1]", answer.Answer);
    }

    [Fact]
    public void A_quoted_sentence_loses_its_own_bracketed_numbers_so_only_our_citations_read_as_citations()
    {
        var hits = new[]
        {
            Hit(1, "Other", "Our office is closed on public holidays and weekends."),
            Hit(2, "Refunds > Policy", "Refunds are accepted within 30 days of purchase [7], see [1] for the form.[12]"),
        };

        var answer = _answerer.Answer("What is the refund policy?", hits);

        Assert.Equal("Refunds are accepted within 30 days of purchase, see for the form. [2]", answer.Answer);
    }

    [Fact]
    public void A_paraphrase_is_answered_through_a_synonym_and_the_title_line_is_not_quoted()
    {
        var hits = new[]
        {
            Hit(1, "Account > Security", "HELP CENTER\nTurn on two-factor authentication under Settings > Security and scan the QR code."),
            Hit(2, "Billing", "Invoices are sent by email every month."),
        };

        var answer = _answerer.Answer("Where do I switch on two-step login?", hits);

        Assert.True(answer.Found);
        Assert.Equal("Turn on two-factor authentication under Settings > Security and scan the QR code. [1]", answer.Answer);
    }

    [Fact]
    public void A_question_naming_something_the_documents_never_mention_is_not_answered()
    {
        var hits = new[] { Hit(1, "Billing > Payment methods", "Nimbus Notes accepts Visa, Mastercard and PayPal for every paid plan.") };

        Assert.True(_answerer.Answer("Can I pay for Nimbus Notes with PayPal?", hits).Found);
        Assert.False(_answerer.Answer("Can I pay for Nimbus Notes with Bitcoin?", hits).Found);
    }

    [Fact]
    public void The_confidence_threshold_comes_from_the_options()
    {
        var hits = new[] { Hit(1, "Refunds > Policy", "Refunds are accepted within 30 days of purchase.") };

        Assert.True(new ExtractiveAnswerer(options: new ExtractiveOptions()).Answer("What is the refund policy?", hits).Found);
        Assert.False(new ExtractiveAnswerer(options: new ExtractiveOptions { MinConfidence = 2.0 }).Answer("What is the refund policy?", hits).Found);
    }

    [Fact]
    public async Task With_an_embedding_model_the_dense_similarity_of_question_and_sentence_is_evidence()
    {
        var hits = new[] { Hit(1, "Refunds > Policy", "Refunds are accepted within 30 days of purchase.") };
        var embedder = new HashingEmbeddingGenerator();
        // Lexical evidence alone falls short of this threshold; the sentence's similarity to the question makes it up.
        var options = new ExtractiveOptions { MinConfidence = 1.3, DenseSimilarityWeight = 2.0 };

        var (withDense, evidence) = await new ExtractiveAnswerer(options: options, embedder: embedder).AnswerWithEvidenceAsync("What is the refund policy?", hits, default);
        var without = await new ExtractiveAnswerer(options: options).AnswerAsync("What is the refund policy?", hits, default);

        Assert.NotNull(evidence?.DenseSimilarity);
        Assert.InRange(evidence!.DenseSimilarity!.Value, 0.05, 1.0);
        Assert.Equal(2, embedder.EmbeddedCount);
        Assert.True(withDense.Found, evidence.ToString());
        Assert.False(without.Found);
    }

    [Theory]
    [InlineData("Call `items[1]` to get the second refund.", "Call `items[1]` to get the second refund.")]
    [InlineData("A forged citation `[3]` in code goes too.", "A forged citation `` in code goes too.")]
    [InlineData("Footnotes[3] and [4] vanish.", "Footnotes and vanish.")]
    [InlineData("Brackets [around words] and [1a] stay.", "Brackets [around words] and [1a] stay.")]
    public void Citation_markers_are_taken_out_of_quoted_text_but_code_indexes_stay(string sentence, string quoted) =>
        Assert.Equal(quoted, ExtractiveAnswerer.WithoutCitationMarkers(sentence));

    private static SearchHit Hit(int rank, string section, string text) => new(rank, 1.0 / rank, $"doc{rank}", $"/docs/{rank}.md", section, null, text, 0);
}
