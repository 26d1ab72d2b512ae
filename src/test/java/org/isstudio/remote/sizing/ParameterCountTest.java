package org.isstudio.remote.sizing;

import org.isstudio.engine.load.HfConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The totals transformers reports for real checkpoints (model cards, the Pythia paper's table 1). */
class ParameterCountTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            gpt2         | 124439808  | 85056000   | {"model_type":"gpt2"}
            gpt2-xl      | 1557611200 | 1475561600 | {"model_type":"gpt2","n_embd":1600,"n_layer":48,"n_head":25}
            gpt-neo-125M | 125198592  | 85028352   | {"model_type":"gpt_neo","hidden_size":768,"num_layers":12,"num_heads":12}
            gpt-j-6b     | 6050882784 | 5637955584 | {"model_type":"gptj"}
            pythia-70m   | 70426624   | 18915328   | {"model_type":"gpt_neox","vocab_size":50304,"hidden_size":512,"num_hidden_layers":6,"num_attention_heads":8,"intermediate_size":2048}
            pythia-12b   | 11846072320| 11327027200| {"model_type":"gpt_neox","vocab_size":50688,"hidden_size":5120,"num_hidden_layers":36,"num_attention_heads":40,"intermediate_size":20480}
            opt-125m     | 125239296  | 85056000   | {"model_type":"opt"}
            opt-350m     | 331196416  | 303357952  | {"model_type":"opt","hidden_size":1024,"num_hidden_layers":24,"ffn_dim":4096,"num_attention_heads":16,"word_embed_proj_dim":512,"do_layer_norm_before":false}
            Llama-3.2-1B | 1235814400 | 973146112  | {"model_type":"llama","vocab_size":128256,"hidden_size":2048,"intermediate_size":8192,"num_hidden_layers":16,"num_attention_heads":32,"num_key_value_heads":8,"head_dim":64,"tie_word_embeddings":true}
            Qwen2.5-0.5B | 494032768  | 357898112  | {"model_type":"qwen2","vocab_size":151936,"hidden_size":896,"intermediate_size":4864,"num_hidden_layers":24,"num_attention_heads":14,"num_key_value_heads":2,"tie_word_embeddings":true}
            Qwen2.5-7B   | 7615616512 | 6525621760 | {"model_type":"qwen2","vocab_size":152064,"hidden_size":3584,"intermediate_size":18944,"num_hidden_layers":28,"num_attention_heads":28,"num_key_value_heads":4}
            SmolLM2-135M | 134515008  | 106203456  | {"model_type":"llama","vocab_size":49152,"hidden_size":576,"intermediate_size":1536,"num_hidden_layers":30,"num_attention_heads":9,"num_key_value_heads":3,"tie_word_embeddings":true}
            """)
    void matchesPublishedTotals(String name, long total, long nonEmbedding, String config) {
        ParameterCount p = ParameterCount.of(HfConfig.parse(Path.of(name, "config.json"), config)).orElseThrow();
        assertEquals(total, p.total(), "total");
        assertEquals(nonEmbedding, p.nonEmbedding(), "non-embedding");
    }
}
