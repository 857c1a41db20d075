import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyRenderer } from '../../renderer/src/map/render-kind.ts';

test('software renderers are told apart from GPUs by their WebGL renderer string', () => {
  for (const soft of [
    'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)',
    'llvmpipe (LLVM 15.0.6, 256 bits)',
    'Mesa softpipe',
    'ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0)',
    'Google SwiftShader',
  ])
    assert.equal(classifyRenderer(soft), 'software', soft);
  for (const gpu of [
    'ANGLE (Intel, Intel(R) UHD Graphics 630 Direct3D11 vs_5_0 ps_5_0, D3D11)',
    'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 (0x00002504) Direct3D11 vs_5_0 ps_5_0, D3D11)',
    'Mesa Intel(R) UHD Graphics 620 (KBL GT2)',
    'AMD Radeon Pro 5500M OpenGL Engine',
    'Jingjia Micro JM7201', // a domestic (信创) GPU
  ])
    assert.equal(classifyRenderer(gpu), 'hardware', gpu);
  assert.equal(classifyRenderer(''), 'unknown');
  assert.equal(classifyRenderer('   '), 'unknown');
});
