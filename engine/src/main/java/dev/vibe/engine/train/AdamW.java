package dev.vibe.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;

/**
 * AdamW (decoupled weight decay) with global-norm gradient clipping over plain NDArrays. Written here because
 * DJL's optimizers update {@code Parameter}s of a {@code Block}, and the project's Qwen2 weights are plain arrays.
 * Weight decay applies to matrices only (not to norms and biases), as is usual for transformers.
 */
final class AdamW {

    private final NDList parameters;
    private final List<NDArray> firstMoments = new ArrayList<>();
    private final List<NDArray> secondMoments = new ArrayList<>();
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final double clipNorm;
    private int step;

    AdamW(NDList parameters, NDManager stateManager, double beta1, double beta2, double epsilon, double weightDecay,
            double clipNorm) {
        this.parameters = parameters;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
        this.clipNorm = clipNorm;
        for (NDArray p : parameters) {
            firstMoments.add(stateManager.zeros(p.getShape(), p.getDataType()));
            secondMoments.add(stateManager.zeros(p.getShape(), p.getDataType()));
        }
    }

    /**
     * One update with learning rate {@code lr} from the parameters' gradients; returns the gradient norm before
     * clipping, and zeroes the gradients. Call outside the gradient collector, with the parameters already
     * temp-attached to {@code stepManager} (a per-step sub-manager); the state is temp-attached here, so every
     * intermediate array is freed when it closes.
     */
    double update(double lr, NDManager stepManager) {
        step++;
        for (int i = 0; i < parameters.size(); i++) {
            firstMoments.get(i).tempAttach(stepManager);
            secondMoments.get(i).tempAttach(stepManager);
        }
        double sumSquares = 0;
        for (NDArray p : parameters) {
            sumSquares += p.getGradient().square().sum().getFloat();
        }
        double norm = Math.sqrt(sumSquares);
        double scale = clipNorm > 0 && norm > clipNorm ? clipNorm / norm : 1.0;
        double correction1 = 1 - Math.pow(beta1, step);
        double correction2 = 1 - Math.pow(beta2, step);
        for (int i = 0; i < parameters.size(); i++) {
            NDArray p = parameters.get(i);
            NDArray g = p.getGradient().mul(scale);
            NDArray m = firstMoments.get(i);
            NDArray v = secondMoments.get(i);
            m.muli(beta1).addi(g.mul(1 - beta1));
            v.muli(beta2).addi(g.square().muli(1 - beta2));
            NDArray denom = v.div(correction2).sqrt().addi(epsilon);
            NDArray delta = m.div(correction1).divi(denom);
            if (weightDecay > 0 && p.getShape().dimension() >= 2) {
                delta.addi(p.mul(weightDecay));
            }
            p.subi(delta.muli(lr));
            p.getGradient().muli(0); // backward accumulates; DJL does not reset gradients between steps
        }
        return norm;
    }
}
