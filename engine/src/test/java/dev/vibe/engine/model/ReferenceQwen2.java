package dev.vibe.engine.model;

import dev.vibe.engine.checkpoint.Qwen2Config;
import java.util.Map;

/**
 * Qwen2 written out scalar by scalar in double precision, straight from the formulas of {@code modeling_qwen2.py},
 * with no DJL: the independent reference the NDArray model is checked against (wrong RoPE, norm, GQA head mapping,
 * bias or mask all show up as a mismatch).
 */
final class ReferenceQwen2 {

    private final Qwen2Config c;
    private final Map<String, float[]> w;

    ReferenceQwen2(Qwen2Config config, Map<String, float[]> weights) {
        this.c = config;
        this.w = weights;
    }

    /** Logits [T][vocab] for one sequence at positions 0..T-1. */
    double[][] logits(int[] ids) {
        int hidden = c.hiddenSize();
        int heads = c.numAttentionHeads();
        int kvHeads = c.numKeyValueHeads();
        int d = c.headDim();
        int t = ids.length;
        double[][] x = new double[t][];
        float[] embed = w.get("model.embed_tokens.weight");
        for (int i = 0; i < t; i++) {
            x[i] = new double[hidden];
            for (int j = 0; j < hidden; j++) {
                x[i][j] = embed[ids[i] * hidden + j];
            }
        }
        for (int layer = 0; layer < c.numHiddenLayers(); layer++) {
            String p = "model.layers." + layer + ".";
            double[][] q = new double[t][];
            double[][] k = new double[t][];
            double[][] v = new double[t][];
            for (int i = 0; i < t; i++) {
                double[] h = rms(x[i], w.get(p + "input_layernorm.weight"));
                q[i] = rope(affine(w.get(p + "self_attn.q_proj.weight"), w.get(p + "self_attn.q_proj.bias"), h),
                        heads, d, i);
                k[i] = rope(affine(w.get(p + "self_attn.k_proj.weight"), w.get(p + "self_attn.k_proj.bias"), h),
                        kvHeads, d, i);
                v[i] = affine(w.get(p + "self_attn.v_proj.weight"), w.get(p + "self_attn.v_proj.bias"), h);
            }
            for (int i = 0; i < t; i++) {
                double[] o = new double[heads * d];
                for (int hh = 0; hh < heads; hh++) {
                    int kv = hh / (heads / kvHeads);
                    double[] s = new double[i + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j <= i; j++) {
                        double dot = 0;
                        for (int e = 0; e < d; e++) {
                            dot += q[i][hh * d + e] * k[j][kv * d + e];
                        }
                        s[j] = dot / Math.sqrt(d);
                        max = Math.max(max, s[j]);
                    }
                    double sum = 0;
                    for (int j = 0; j <= i; j++) {
                        s[j] = Math.exp(s[j] - max);
                        sum += s[j];
                    }
                    for (int j = 0; j <= i; j++) {
                        for (int e = 0; e < d; e++) {
                            o[hh * d + e] += s[j] / sum * v[j][kv * d + e];
                        }
                    }
                }
                double[] attn = affine(w.get(p + "self_attn.o_proj.weight"), null, o);
                for (int j = 0; j < hidden; j++) {
                    x[i][j] += attn[j];
                }
                double[] h2 = rms(x[i], w.get(p + "post_attention_layernorm.weight"));
                double[] gate = affine(w.get(p + "mlp.gate_proj.weight"), null, h2);
                double[] up = affine(w.get(p + "mlp.up_proj.weight"), null, h2);
                double[] act = new double[gate.length];
                for (int j = 0; j < gate.length; j++) {
                    act[j] = gate[j] / (1 + Math.exp(-gate[j])) * up[j];
                }
                double[] down = affine(w.get(p + "mlp.down_proj.weight"), null, act);
                for (int j = 0; j < hidden; j++) {
                    x[i][j] += down[j];
                }
            }
        }
        float[] head = w.containsKey("lm_head.weight") && !c.tieWordEmbeddings() ? w.get("lm_head.weight") : embed;
        double[][] out = new double[t][];
        for (int i = 0; i < t; i++) {
            out[i] = affine(head, null, rms(x[i], w.get("model.norm.weight")));
        }
        return out;
    }

    private double[] rms(double[] x, float[] weight) {
        double ss = 0;
        for (double e : x) {
            ss += e * e;
        }
        double r = 1 / Math.sqrt(ss / x.length + c.rmsNormEps());
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] * r * weight[i];
        }
        return out;
    }

    /** W [out, in] times x, plus bias. */
    private static double[] affine(float[] weight, float[] bias, double[] x) {
        int out = weight.length / x.length;
        double[] y = new double[out];
        for (int o = 0; o < out; o++) {
            double s = bias == null ? 0 : bias[o];
            for (int i = 0; i < x.length; i++) {
                s += weight[o * x.length + i] * x[i];
            }
            y[o] = s;
        }
        return y;
    }

    /** Half-split rotation of each head at {@code position}. */
    private double[] rope(double[] x, int heads, int d, int position) {
        double[] out = x.clone();
        int half = d / 2;
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < half; i++) {
                double angle = position / Math.pow(c.ropeTheta(), 2.0 * i / d);
                double a = x[h * d + i];
                double b = x[h * d + i + half];
                out[h * d + i] = a * Math.cos(angle) - b * Math.sin(angle);
                out[h * d + i + half] = b * Math.cos(angle) + a * Math.sin(angle);
            }
        }
        return out;
    }
}
